using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Workflows.Hosting;

/// <summary>Where a host finds definitions: a given version, or the latest when the version is null.</summary>
public interface IWorkflowDefinitionProvider
{
    WorkflowDefinition? Find(string definitionId, int? version = null);

    /// <summary>The latest version of every definition whose start names this trigger event.</summary>
    IReadOnlyList<WorkflowDefinition> TriggeredBy(string eventName);
}

public sealed class InMemoryDefinitionProvider : IWorkflowDefinitionProvider
{
    private readonly List<WorkflowDefinition> _definitions = [];
    private readonly Lock _lock = new();

    public InMemoryDefinitionProvider Add(WorkflowDefinition definition)
    {
        lock (_lock)
        {
            _definitions.RemoveAll(d => d.DefinitionId == definition.DefinitionId && d.Version == definition.Version);
            _definitions.Add(definition);
        }

        return this;
    }

    public WorkflowDefinition? Find(string definitionId, int? version = null)
    {
        lock (_lock)
        {
            return _definitions
                .Where(d => d.DefinitionId == definitionId && (version is null || d.Version == version))
                .MaxBy(d => d.Version);
        }
    }

    public IReadOnlyList<WorkflowDefinition> TriggeredBy(string eventName)
    {
        lock (_lock)
        {
            return [.. _definitions.GroupBy(d => d.DefinitionId).Select(g => g.MaxBy(d => d.Version)!).Where(d => d.Start.TriggerEvent == eventName)];
        }
    }
}

/// <summary>A stimulus that arrived before any bookmark matched it, kept until it expires.</summary>
public sealed record PendingStimulus(Stimulus Stimulus, DateTimeOffset ReceivedAt, DateTimeOffset ExpiresAt);

/// <summary>One step to commit: the snapshot, its changes, and the version the stored instance must still have (0: a new instance).</summary>
public sealed record PendingCommit(InstanceSnapshot Snapshot, WorkflowChanges Changes, long ExpectedVersion);

public sealed class WorkflowConcurrencyException(Guid instanceId, long expectedVersion)
    : Exception($"Instance {instanceId} is no longer at version {expectedVersion}: another step committed first.")
{
    public Guid InstanceId { get; } = instanceId;
}

/// <summary>
/// What <see cref="WorkflowHost"/> needs from storage. <see cref="CommitAsync"/> applies one step
/// atomically: the snapshot (only if the stored version is still <c>expectedVersion</c>) and every
/// change. The in-memory store implements it for tests and simulation; the durable store will map it
/// onto one database transaction.
/// </summary>
public interface IWorkflowStore
{
    ValueTask<InstanceSnapshot?> FindInstanceAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>Instances holding a bookmark the stimulus matches (event name and correlation keys).</summary>
    /// <summary>The instances that exist among these ids, in no particular order.</summary>
    async ValueTask<IReadOnlyList<InstanceSnapshot>> FindInstancesAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken cancellationToken)
    {
        var found = new List<InstanceSnapshot>(instanceIds.Count);
        foreach (var id in instanceIds)
        {
            if (await FindInstanceAsync(id, cancellationToken) is { } snapshot)
            {
                found.Add(snapshot);
            }
        }

        return found;
    }

    ValueTask<IReadOnlyList<Guid>> FindInstancesWaitingForAsync(Stimulus stimulus, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<WorkflowTimer>> FindDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    ValueTask<HumanTask?> FindOpenTaskAsync(Guid taskId, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="WorkflowConcurrencyException"/> when the instance moved on.</summary>
    ValueTask CommitAsync(InstanceSnapshot snapshot, WorkflowChanges changes, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Commits several steps (of distinct instances) in one transaction, all or none: throws
    /// <see cref="WorkflowConcurrencyException"/> and commits nothing when any instance moved on.
    /// </summary>
    ValueTask CommitManyAsync(IReadOnlyList<PendingCommit> commits, CancellationToken cancellationToken);

    /// <summary>Whether a published message was already handled to the end (its redelivery is a duplicate).</summary>
    ValueTask<bool> HasRecordedMessageAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a published message was handled to the end; false when it was recorded before. Called only after
    /// every step it caused has committed, so a crash before that leaves the message to be handled again.
    /// </summary>
    ValueTask<bool> TryRecordMessageAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The message ids among these that were handled to the end before.</summary>
    async ValueTask<IReadOnlySet<string>> FindRecordedMessagesAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in messageIds)
        {
            if (await HasRecordedMessageAsync(id, cancellationToken))
            {
                recorded.Add(id);
            }
        }

        return recorded;
    }

    /// <summary>For each stimulus, in order, the instances holding a bookmark it matches.</summary>
    async ValueTask<IReadOnlyList<IReadOnlyList<Guid>>> FindInstancesWaitingForAllAsync(IReadOnlyList<Stimulus> stimuli, CancellationToken cancellationToken)
    {
        var found = new List<IReadOnlyList<Guid>>(stimuli.Count);
        foreach (var stimulus in stimuli)
        {
            found.Add(await FindInstancesWaitingForAsync(stimulus, cancellationToken));
        }

        return found;
    }

    /// <summary>Records messages as handled to the end (see <see cref="TryRecordMessageAsync"/>); ids recorded before are left alone.</summary>
    async ValueTask RecordMessagesAsync(IReadOnlyCollection<string> messageIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var id in messageIds)
        {
            await TryRecordMessageAsync(id, at, cancellationToken);
        }
    }

    /// <summary>Queues a stimulus no bookmark matches yet; queuing the same message twice keeps one.</summary>
    ValueTask AddPendingStimulusAsync(PendingStimulus pending, CancellationToken cancellationToken);

    /// <summary>Unexpired pending stimuli the bookmark matches, oldest first.</summary>
    ValueTask<IReadOnlyList<PendingStimulus>> FindPendingStimuliAsync(Bookmark bookmark, DateTimeOffset now, CancellationToken cancellationToken);

    ValueTask RemovePendingStimulusAsync(string messageId, CancellationToken cancellationToken);
}
