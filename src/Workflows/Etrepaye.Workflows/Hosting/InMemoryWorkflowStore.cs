using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Workflows.Hosting;

/// <summary>One committed step, kept for inspection (tests, simulation timelines).</summary>
public sealed record CommittedStep(DateTimeOffset At, Guid InstanceId, long Version, InstanceStatus Status, WorkflowChanges Changes);

/// <summary>
/// Applies change sets to in-memory tables exactly as the durable store will to database tables.
/// Not thread-safe on its own: <see cref="WorkflowHost"/> serializes access.
/// </summary>
public sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly Dictionary<Guid, InstanceSnapshot> _instances = [];
    private readonly Dictionary<Guid, Bookmark> _bookmarks = [];
    private readonly Dictionary<Guid, WorkflowTimer> _timers = [];
    private readonly Dictionary<Guid, HumanTask> _openTasks = [];
    private readonly List<(HumanTask Task, HumanTaskClosed Closure)> _closedTasks = [];
    private readonly Dictionary<string, EffectCommand> _outbox = new(StringComparer.Ordinal);
    private readonly List<JournalEntry> _journal = [];
    private readonly List<Incident> _incidents = [];
    private readonly Dictionary<string, DateTimeOffset> _messages = new(StringComparer.Ordinal);
    private readonly List<PendingStimulus> _pending = [];
    private readonly List<CommittedStep> _commits = [];

    public IReadOnlyCollection<InstanceSnapshot> Instances => _instances.Values;

    public IReadOnlyCollection<Bookmark> Bookmarks => _bookmarks.Values;

    public IReadOnlyCollection<WorkflowTimer> Timers => _timers.Values;

    public IReadOnlyCollection<HumanTask> OpenTasks => _openTasks.Values;

    public IReadOnlyList<(HumanTask Task, HumanTaskClosed Closure)> ClosedTasks => _closedTasks;

    /// <summary>The effects to dispatch, one per idempotency key.</summary>
    public IReadOnlyCollection<EffectCommand> Outbox => _outbox.Values;

    public IReadOnlyList<JournalEntry> Journal => _journal;

    public IReadOnlyList<Incident> Incidents => _incidents;

    public IReadOnlyList<PendingStimulus> Pending => _pending;

    public IReadOnlyList<CommittedStep> Commits => _commits;

    public InstanceSnapshot Instance(Guid instanceId) => _instances[instanceId];

    public DateTimeOffset? NextTimerDue => _timers.Count == 0 ? null : _timers.Values.Min(t => t.DueAt);

    public ValueTask<InstanceSnapshot?> FindInstanceAsync(Guid instanceId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_instances.GetValueOrDefault(instanceId));

    public ValueTask<IReadOnlyList<Guid>> FindInstancesWaitingForAsync(Stimulus stimulus, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<Guid>>([.. _bookmarks.Values.Where(b => b.Matches(stimulus)).OrderBy(b => b.CreatedAt).Select(b => b.InstanceId).Distinct()]);

    public ValueTask<IReadOnlyList<WorkflowTimer>> FindDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<WorkflowTimer>>([.. _timers.Values.Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(max)]);

    public ValueTask<HumanTask?> FindOpenTaskAsync(Guid taskId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_openTasks.GetValueOrDefault(taskId));

    public ValueTask CommitAsync(InstanceSnapshot snapshot, WorkflowChanges changes, long expectedVersion, CancellationToken cancellationToken)
    {
        var stored = _instances.GetValueOrDefault(snapshot.InstanceId);
        if ((stored?.Version ?? 0) != expectedVersion)
        {
            throw new WorkflowConcurrencyException(snapshot.InstanceId, expectedVersion);
        }

        _instances[snapshot.InstanceId] = snapshot;
        foreach (var id in changes.BookmarksRemoved)
        {
            _bookmarks.Remove(id);
        }

        foreach (var bookmark in changes.BookmarksAdded)
        {
            _bookmarks[bookmark.Id] = bookmark;
        }

        foreach (var id in changes.TimersRemoved)
        {
            _timers.Remove(id);
        }

        foreach (var timer in changes.TimersAdded)
        {
            _timers[timer.Id] = timer;
        }

        foreach (var task in changes.TasksCreated)
        {
            _openTasks[task.Id] = task;
        }

        foreach (var closure in changes.TasksClosed)
        {
            if (_openTasks.Remove(closure.TaskId, out var task))
            {
                _closedTasks.Add((task, closure));
            }
        }

        foreach (var effect in changes.Effects)
        {
            _outbox.TryAdd(effect.IdempotencyKey, effect);
        }

        _journal.AddRange(changes.Journal);
        _incidents.AddRange(changes.Incidents);
        _commits.Add(new CommittedStep(snapshot.UpdatedAt, snapshot.InstanceId, snapshot.Version, snapshot.Status, changes));
        return ValueTask.CompletedTask;
    }

    public async ValueTask CommitManyAsync(IReadOnlyList<PendingCommit> commits, CancellationToken cancellationToken)
    {
        // All or none, as in one transaction: every version is checked before anything is applied.
        if (commits.FirstOrDefault(c => (_instances.GetValueOrDefault(c.Snapshot.InstanceId)?.Version ?? 0) != c.ExpectedVersion) is { } stale)
        {
            throw new WorkflowConcurrencyException(stale.Snapshot.InstanceId, stale.ExpectedVersion);
        }

        foreach (var commit in commits)
        {
            await CommitAsync(commit.Snapshot, commit.Changes, commit.ExpectedVersion, cancellationToken);
        }
    }

    public ValueTask<bool> HasRecordedMessageAsync(string messageId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_messages.ContainsKey(messageId));

    public ValueTask<bool> TryRecordMessageAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_messages.TryAdd(messageId, at));

    public ValueTask AddPendingStimulusAsync(PendingStimulus pending, CancellationToken cancellationToken)
    {
        if (!_pending.Any(p => p.Stimulus.MessageId == pending.Stimulus.MessageId))
        {
            _pending.Add(pending);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<PendingStimulus>> FindPendingStimuliAsync(Bookmark bookmark, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _pending.RemoveAll(p => p.ExpiresAt <= now);
        return ValueTask.FromResult<IReadOnlyList<PendingStimulus>>([.. _pending.Where(p => bookmark.Matches(p.Stimulus)).OrderBy(p => p.ReceivedAt)]);
    }

    public ValueTask RemovePendingStimulusAsync(string messageId, CancellationToken cancellationToken)
    {
        _pending.RemoveAll(p => p.Stimulus.MessageId == messageId);
        return ValueTask.CompletedTask;
    }
}
