using System.Collections.Immutable;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Workflows.Hosting;

public sealed record WorkflowHostOptions
{
    /// <summary>How long a stimulus that matched no bookmark waits for one.</summary>
    public TimeSpan PendingStimulusRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Timers fired per batch by <see cref="WorkflowHost.RunDueTimersAsync"/>.</summary>
    public int TimerBatchSize { get; init; } = 100;

    /// <summary>Times a step is re-run on a fresh snapshot after another step on the same instance committed first.</summary>
    public int ConcurrencyRetries { get; init; } = 5;
}

public sealed record StartInstanceRequest
{
    public required string DefinitionId { get; init; }

    public int? Version { get; init; }

    public IReadOnlyDictionary<string, object?> Inputs { get; init; } = ImmutableDictionary<string, object?>.Empty;

    public IReadOnlyDictionary<string, string> CorrelationKeys { get; init; } = ImmutableDictionary<string, string>.Empty;

    public string? CalendarId { get; init; }

    public string? TimeZoneId { get; init; }

    /// <summary>A chosen id; a new UUIDv7 when null.</summary>
    public Guid? InstanceId { get; init; }
}

public enum PublishStatus
{
    /// <summary>It resumed at least one instance or started one.</summary>
    Delivered,

    /// <summary>No bookmark matched: it waits in the pending queue until one does or it expires.</summary>
    Queued,

    /// <summary>Its message id was seen before: nothing happened.</summary>
    Duplicate,
}

public sealed record PublishResult(PublishStatus Status, IReadOnlyList<Guid> ResumedInstances, IReadOnlyList<Guid> StartedInstances);

/// <summary>
/// Drives the runtime over a store: starts instances, routes stimuli to the instances whose bookmarks
/// match (deduplicated by message id, queued while nothing matches), fires due timers, completes
/// tasks, and carries out each step's follow-ups (children, parent notifications, pending stimuli a
/// new bookmark matches). Calls on one host are serialized (it works through one store, hence one
/// database context); hosts of different scopes run in parallel, the instance version settling races.
/// </summary>
public sealed class WorkflowHost(
    WorkflowRuntime runtime,
    IWorkflowDefinitionProvider definitions,
    IWorkflowStore store,
    TimeProvider timeProvider,
    WorkflowHostOptions? options = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly WorkflowHostOptions _options = options ?? new WorkflowHostOptions();

    private readonly List<(Stimulus Stimulus, string Definition, IReadOnlyList<string> Problems)> _rejectedTriggers = [];

    /// <summary>Trigger events whose payload could not start the definition (missing or mistyped inputs).</summary>
    public IReadOnlyList<(Stimulus Stimulus, string Definition, IReadOnlyList<string> Problems)> RejectedTriggers => _rejectedTriggers;

    public async Task<Guid> StartAsync(StartInstanceRequest request, CancellationToken cancellationToken)
    {
        var definition = DefinitionFor(request);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var id = request.InstanceId ?? Guid.CreateVersion7(timeProvider.GetUtcNow());
            await StartCoreAsync(definition, StartOf(request, id), cancellationToken);
            return id;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<PublishResult> PublishAsync(Stimulus stimulus, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await PublishCoreAsync(stimulus, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Publishes many stimuli with a few queries for all of them: the common case (a stimulus that resumes
    /// exactly one instance no other stimulus of the batch targets, and starts nothing) is stepped in memory
    /// and committed in one transaction with the others; every other stimulus, and the whole batch when its
    /// commit is refused, goes through <see cref="PublishAsync"/>'s path one by one. Results come in the
    /// order of the stimuli.
    /// </summary>
    public async Task<IReadOnlyList<PublishResult>> PublishManyAsync(IReadOnlyList<Stimulus> stimuli, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var results = new PublishResult?[stimuli.Count];
            var recorded = await store.FindRecordedMessagesAsync([.. stimuli.Select(s => s.MessageId)], cancellationToken);
            var firstOfMessage = new HashSet<string>(StringComparer.Ordinal);
            var open = new List<int>();
            for (var i = 0; i < stimuli.Count; i++)
            {
                if (recorded.Contains(stimuli[i].MessageId) || !firstOfMessage.Add(stimuli[i].MessageId))
                {
                    results[i] = new PublishResult(PublishStatus.Duplicate, [], []);
                }
                else
                {
                    open.Add(i);
                }
            }

            var waiting = await store.FindInstancesWaitingForAllAsync([.. open.Select(i => stimuli[i])], cancellationToken);
            var targets = open.Select((i, n) => (Index: i, Instances: waiting[n])).ToList();
            var contested = targets.SelectMany(t => t.Instances).GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
            var simple = targets
                .Where(t => t.Instances.Count == 1 && !contested.Contains(t.Instances[0]) && definitions.TriggeredBy(stimuli[t.Index].EventName).Count == 0)
                .ToList();
            var snapshots = (await store.FindInstancesAsync([.. simple.Select(t => t.Instances[0])], cancellationToken)).ToDictionary(s => s.InstanceId);
            var stepped = new List<(int Index, StepResult Step, long Loaded)>();
            foreach (var (index, instances) in simple)
            {
                if (snapshots.TryGetValue(instances[0], out var snapshot) && definitions.Find(snapshot.DefinitionId, snapshot.DefinitionVersion) is { } definition)
                {
                    var step = await runtime.HandleAsync(definition, snapshot, new StimulusDelivered(stimuli[index]), cancellationToken);
                    if (step.Applied)
                    {
                        stepped.Add((index, step, snapshot.Version));
                    }
                }
            }

            try
            {
                await store.CommitManyAsync([.. stepped.Select(s => new PendingCommit(s.Step.Snapshot, s.Step.Changes, s.Loaded))], cancellationToken);
            }
            catch (WorkflowConcurrencyException)
            {
                stepped.Clear();
            }

            foreach (var (index, step, _) in stepped)
            {
                await FollowUpAsync(step, cancellationToken);
                results[index] = new PublishResult(PublishStatus.Delivered, [step.Snapshot.InstanceId], []);
            }

            await store.RecordMessagesAsync([.. stepped.Select(s => stimuli[s.Index].MessageId)], timeProvider.GetUtcNow(), cancellationToken);
            for (var i = 0; i < stimuli.Count; i++)
            {
                results[i] ??= await PublishCoreAsync(stimuli[i], cancellationToken);
            }

            return [.. results.Select(r => r!)];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Completes a task; a rejected completion (invalid form, unknown outcome) changes nothing.</summary>
    public async Task<StepResult> CompleteTaskAsync(Guid taskId, string outcome, IReadOnlyDictionary<string, object?> values, string? completedBy, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var task = await store.FindOpenTaskAsync(taskId, cancellationToken)
                ?? throw new KeyNotFoundException($"No open task {taskId}.");
            return await StepAsync(task.InstanceId, new CompleteHumanTask(taskId, outcome, values, completedBy), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<StepResult> CancelAsync(Guid instanceId, string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await StepAsync(instanceId, new CancelInstance(reason), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// An operator's action (retry, skip, move to a step, change a variable): <see cref="StepStatus.Rejected"/> with the
    /// problems when it does not fit the instance, which then does not move.
    /// </summary>
    public async Task<StepResult> ActAsync(Guid instanceId, OperatorInput input, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await StepAsync(instanceId, input, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Moves a running instance to another version of its definition (see <see cref="WorkflowRuntime.MigrateAsync"/>),
    /// committed like a step, conditional on the instance's version; a dry run computes the outcome and writes nothing.
    /// </summary>
    public async Task<MigrationOutcome> MigrateAsync(
        Guid instanceId, int toVersion, IReadOnlyDictionary<string, string> mapping, string reason, string? by, bool dryRun, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var snapshot = await store.FindInstanceAsync(instanceId, cancellationToken)
                    ?? throw new KeyNotFoundException($"No instance {instanceId}.");
                var from = definitions.Find(snapshot.DefinitionId, snapshot.DefinitionVersion)
                    ?? throw new KeyNotFoundException($"The instance {instanceId} runs {snapshot.DefinitionId} v{snapshot.DefinitionVersion}, which is not available.");
                var to = definitions.Find(snapshot.DefinitionId, toVersion)
                    ?? throw new KeyNotFoundException($"No definition '{snapshot.DefinitionId}' v{toVersion}.");
                var outcome = await runtime.MigrateAsync(from, to, snapshot, mapping, reason, by, cancellationToken);
                if (dryRun || outcome.Step is not { } step)
                {
                    return outcome;
                }

                try
                {
                    await store.CommitAsync(step.Snapshot, step.Changes, snapshot.Version, cancellationToken);
                }
                catch (WorkflowConcurrencyException) when (attempt < _options.ConcurrencyRetries)
                {
                    continue;
                }

                await FollowUpAsync(step, cancellationToken);
                return outcome;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Fires every timer due now (including those that come due while firing); returns how many fired.</summary>
    public async Task<int> RunDueTimersAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var fired = new HashSet<Guid>();
            while (true)
            {
                var due = (await store.FindDueTimersAsync(timeProvider.GetUtcNow(), _options.TimerBatchSize, cancellationToken)).Where(t => !fired.Contains(t.Id)).ToList();
                if (due.Count == 0)
                {
                    return fired.Count;
                }

                foreach (var timer in due)
                {
                    fired.Add(timer.Id);
                    await StepAsync(timer.InstanceId, new TimerDue(timer.Id), cancellationToken);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Fires one timer a worker has claimed: null when the instance is gone, <see cref="StepStatus.Ignored"/>
    /// when it no longer waits on the timer; throws <see cref="WorkflowConcurrencyException"/> when another
    /// step committed first (the caller reloads and fires again).
    /// </summary>
    public async Task<StepResult?> FireTimerAsync(WorkflowTimer timer, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await store.FindInstanceAsync(timer.InstanceId, cancellationToken) is null)
            {
                return null;
            }

            return await StepAsync(timer.InstanceId, new TimerDue(timer.Id), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Starts many instances and commits them in one transaction (imports, the daily run, seeding). The ids
    /// come back in the order of the requests. When any id is taken, nothing is committed by the batch and
    /// each request is started on its own (the taken ones are skipped).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> StartManyAsync(IReadOnlyList<StartInstanceRequest> requests, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var ids = new List<Guid>(requests.Count);
            var results = new List<StepResult>(requests.Count);
            foreach (var request in requests)
            {
                var definition = DefinitionFor(request);
                var id = request.InstanceId ?? Guid.CreateVersion7(timeProvider.GetUtcNow());
                ids.Add(id);
                results.Add(await runtime.StartAsync(definition, StartOf(request, id), cancellationToken));
            }

            try
            {
                await store.CommitManyAsync([.. results.Select(r => new PendingCommit(r.Snapshot, r.Changes, 0))], cancellationToken);
            }
            catch (WorkflowConcurrencyException)
            {
                for (var i = 0; i < results.Count; i++)
                {
                    try
                    {
                        await store.CommitAsync(results[i].Snapshot, results[i].Changes, 0, cancellationToken);
                    }
                    catch (WorkflowConcurrencyException)
                    {
                        results[i] = StepResult.Unchanged(results[i].Snapshot, StepStatus.Duplicate);
                    }
                }
            }

            foreach (var result in results.Where(r => r.Applied))
            {
                await FollowUpAsync(result, cancellationToken);
            }

            return ids;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Fires timers a worker has claimed, stepping their instances in memory and committing every step in
    /// one transaction: the path that carries a burst of due timers. Returns, per timer, what
    /// <see cref="FireTimerAsync"/> would. A timer whose instance another process moved meanwhile (the batch
    /// commit refused) and a second timer of the same instance are fired one by one afterwards.
    /// </summary>
    public async Task<IReadOnlyList<StepResult?>> FireTimersAsync(IReadOnlyList<WorkflowTimer> timers, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var results = new StepResult?[timers.Count];
            var snapshots = (await store.FindInstancesAsync([.. timers.Select(t => t.InstanceId).Distinct()], cancellationToken)).ToDictionary(s => s.InstanceId);
            var batch = new List<(int Index, long Loaded)>(timers.Count);
            var later = new List<int>();
            var stepped = new HashSet<Guid>();
            for (var i = 0; i < timers.Count; i++)
            {
                var timer = timers[i];
                if (!snapshots.TryGetValue(timer.InstanceId, out var snapshot))
                {
                    continue;
                }

                if (!stepped.Add(timer.InstanceId))
                {
                    later.Add(i);
                    continue;
                }

                var definition = DefinitionOf(snapshot);
                results[i] = await runtime.HandleAsync(definition, snapshot, new TimerDue(timer.Id), cancellationToken);
                if (results[i]!.Applied)
                {
                    batch.Add((i, snapshot.Version));
                }
            }

            try
            {
                await store.CommitManyAsync([.. batch.Select(b => new PendingCommit(results[b.Index]!.Snapshot, results[b.Index]!.Changes, b.Loaded))], cancellationToken);
            }
            catch (WorkflowConcurrencyException)
            {
                // Nothing of the batch was committed: each of its timers goes the one-by-one way, which reloads and retries.
                later.AddRange(batch.Select(b => b.Index));
                batch.Clear();
            }

            foreach (var (index, _) in batch)
            {
                await FollowUpAsync(results[index]!, cancellationToken);
            }

            foreach (var index in later.Order())
            {
                results[index] = await store.FindInstanceAsync(timers[index].InstanceId, cancellationToken) is null
                    ? null
                    : await StepAsync(timers[index].InstanceId, new TimerDue(timers[index].Id), cancellationToken);
            }

            return results;
        }
        finally
        {
            _gate.Release();
        }
    }

    private WorkflowDefinition DefinitionFor(StartInstanceRequest request) =>
        definitions.Find(request.DefinitionId, request.Version)
        ?? throw new KeyNotFoundException($"No definition '{request.DefinitionId}'{(request.Version is null ? string.Empty : $" v{request.Version}")}.");

    private WorkflowDefinition DefinitionOf(InstanceSnapshot snapshot) =>
        definitions.Find(snapshot.DefinitionId, snapshot.DefinitionVersion)
        ?? throw new KeyNotFoundException($"The instance {snapshot.InstanceId} runs {snapshot.DefinitionId} v{snapshot.DefinitionVersion}, which is not available.");

    private static StartWorkflow StartOf(StartInstanceRequest request, Guid id) => new()
    {
        InstanceId = id,
        Inputs = request.Inputs,
        CorrelationKeys = request.CorrelationKeys,
        CalendarId = request.CalendarId,
        TimeZoneId = request.TimeZoneId,
    };

    private async Task StartCoreAsync(WorkflowDefinition definition, StartWorkflow start, CancellationToken cancellationToken)
    {
        var result = await runtime.StartAsync(definition, start, cancellationToken);
        await store.CommitAsync(result.Snapshot, result.Changes, 0, cancellationToken);
        await FollowUpAsync(result, cancellationToken);
    }

    private async Task<StepResult> StepAsync(Guid instanceId, WorkflowInput input, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await store.FindInstanceAsync(instanceId, cancellationToken)
                ?? throw new KeyNotFoundException($"No instance {instanceId}.");
            var definition = DefinitionOf(snapshot);
            var result = await runtime.HandleAsync(definition, snapshot, input, cancellationToken);
            if (result.Applied)
            {
                try
                {
                    await store.CommitAsync(result.Snapshot, result.Changes, snapshot.Version, cancellationToken);
                }
                catch (WorkflowConcurrencyException) when (attempt < _options.ConcurrencyRetries)
                {
                    // Another process's step (a timer, a stimulus) committed first: run the input on what it left.
                    continue;
                }

                await FollowUpAsync(result, cancellationToken);
            }

            return result;
        }
    }

    private async Task<PublishResult> PublishCoreAsync(Stimulus stimulus, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (await store.HasRecordedMessageAsync(stimulus.MessageId, cancellationToken))
        {
            return new PublishResult(PublishStatus.Duplicate, [], []);
        }

        var resumed = new List<Guid>();
        foreach (var instanceId in await store.FindInstancesWaitingForAsync(stimulus, cancellationToken))
        {
            var result = await StepAsync(instanceId, new StimulusDelivered(stimulus), cancellationToken);
            if (result.Applied)
            {
                resumed.Add(instanceId);
            }
        }

        var started = new List<Guid>();
        foreach (var definition in definitions.TriggeredBy(stimulus.EventName))
        {
            var id = TriggeredInstanceId(stimulus.MessageId, definition.ToString());
            var inputs = TriggerInputs(definition, stimulus);
            try
            {
                await StartCoreAsync(definition, new StartWorkflow { InstanceId = id, Inputs = inputs, CorrelationKeys = stimulus.CorrelationKeys }, cancellationToken);
                started.Add(id);
            }
            catch (WorkflowInputException exception)
            {
                _rejectedTriggers.Add((stimulus, definition.ToString(), exception.Problems));
            }
            catch (WorkflowConcurrencyException)
            {
                // A redelivery after a crash: this message already started this instance.
            }
        }

        var status = PublishStatus.Delivered;
        if (resumed.Count == 0 && started.Count == 0)
        {
            await store.AddPendingStimulusAsync(new PendingStimulus(stimulus, now, now + _options.PendingStimulusRetention), cancellationToken);
            status = PublishStatus.Queued;
        }

        // Recorded last: a crash before this line leaves the message to be handled again by its redelivery, and the
        // steps it already caused are not repeated (each instance refuses a message it consumed; a start reuses its id).
        await store.TryRecordMessageAsync(stimulus.MessageId, now, cancellationToken);
        return new PublishResult(status, resumed, started);
    }

    /// <summary>The same message and definition always give the same instance id (a name-based UUID, version 8).</summary>
    private static Guid TriggeredInstanceId(string messageId, string definition)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{messageId}|{definition}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private async Task FollowUpAsync(StepResult result, CancellationToken cancellationToken)
    {
        var changes = result.Changes;
        foreach (var child in changes.ChildrenToStart)
        {
            await StartChildAsync(child, cancellationToken);
        }

        foreach (var childId in changes.ChildrenToCancel)
        {
            if (await store.FindInstanceAsync(childId, cancellationToken) is { IsFinished: false })
            {
                await StepAsync(childId, new CancelInstance(StepRunner.ParentCancelledReason), cancellationToken);
            }
        }

        foreach (var stimulus in changes.StimuliToPublish)
        {
            await PublishCoreAsync(stimulus, cancellationToken);
        }

        foreach (var bookmark in changes.BookmarksAdded)
        {
            await DeliverPendingAsync(bookmark, cancellationToken);
        }
    }

    private async Task DeliverPendingAsync(Bookmark bookmark, CancellationToken cancellationToken)
    {
        foreach (var pending in await store.FindPendingStimuliAsync(bookmark, timeProvider.GetUtcNow(), cancellationToken))
        {
            var snapshot = await store.FindInstanceAsync(bookmark.InstanceId, cancellationToken);
            if (snapshot is null || !snapshot.Bookmarks.Any(b => b.Id == bookmark.Id))
            {
                return;
            }

            var result = await StepAsync(bookmark.InstanceId, new StimulusDelivered(pending.Stimulus), cancellationToken);
            if (result.Applied)
            {
                await store.RemovePendingStimulusAsync(pending.Stimulus.MessageId, cancellationToken);
            }
        }
    }

    private async Task StartChildAsync(ChildWorkflowRequest child, CancellationToken cancellationToken)
    {
        var definition = definitions.Find(child.DefinitionId, child.Version);
        string? problem = null;
        if (definition is null)
        {
            problem = $"no definition '{child.DefinitionId}'";
        }
        else
        {
            try
            {
                await StartCoreAsync(definition, new StartWorkflow
                {
                    InstanceId = child.ChildInstanceId,
                    Inputs = child.Inputs,
                    CorrelationKeys = child.CorrelationKeys,
                    CalendarId = child.CalendarId,
                    TimeZoneId = child.TimeZoneId,
                    Parent = child.Parent,
                }, cancellationToken);
            }
            catch (WorkflowInputException exception)
            {
                problem = exception.Message;
            }
        }

        if (problem is not null)
        {
            var payload = WorkflowValues.ToJsonElement(new Dictionary<string, object?> { ["status"] = nameof(InstanceStatus.Faulted), ["outcome"] = "Faulted", ["error"] = problem });
            await PublishCoreAsync(
                new Stimulus(Stimulus.ChildCompletedEvent, new Dictionary<string, string> { [Stimulus.InstanceKey] = child.ChildInstanceId.ToString() }, $"{child.ChildInstanceId}:finished", payload),
                cancellationToken);
        }
    }

    private static Dictionary<string, object?> TriggerInputs(WorkflowDefinition definition, Stimulus stimulus)
    {
        var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (stimulus.Payload is { ValueKind: System.Text.Json.JsonValueKind.Object } payload)
        {
            foreach (var input in definition.Inputs)
            {
                if (payload.TryGetProperty(input.Name, out var value))
                {
                    inputs[input.Name] = value.Clone();
                }
            }
        }

        return inputs;
    }
}

