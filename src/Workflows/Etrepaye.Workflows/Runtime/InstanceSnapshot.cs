using System.Collections.Immutable;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Runtime;

public enum InstanceStatus
{
    /// <summary>Started and not finished: it may be waiting on bookmarks, timers or tasks.</summary>
    Running,

    /// <summary>Paused by a suspendUntil event handler: its waits are parked and its clock is stopped.</summary>
    Suspended,
    Completed,
    Faulted,
    Cancelled,
}

public enum ExecutionStatus
{
    /// <summary>Waiting on its bookmarks, timers, tasks or child workflow.</summary>
    Waiting,

    /// <summary>Failed; a retry timer will run it again.</summary>
    AwaitingRetry,

    /// <summary>Failed for good: kept so that an operator can see (and later retry) it.</summary>
    Faulted,
}

/// <summary>One activity that has started and not finished (a token of the flowchart).</summary>
public sealed record ActivityExecution
{
    public required Guid Id { get; init; }

    public required string ActivityId { get; init; }

    /// <summary>1 for the first run of this activity in the instance, 2 for the second (loops)...</summary>
    public required int Number { get; init; }

    public int Attempt { get; init; } = 1;

    public ExecutionStatus Status { get; init; } = ExecutionStatus.Waiting;

    /// <summary>The connection that scheduled it (an index into the definition's connections).</summary>
    public int? IncomingConnection { get; init; }

    /// <summary>The activity's own notes between execute and resume.</summary>
    public IReadOnlyDictionary<string, string> State { get; init; } = ImmutableDictionary<string, string>.Empty;

    public DateTimeOffset StartedAt { get; init; }
}

/// <summary>What a suspendUntil handler parked, to be restored (timers shifted) on resume.</summary>
public sealed record SuspensionState(
    DateTimeOffset Since,
    string ResumeEvent,
    IReadOnlyList<Bookmark> ParkedBookmarks,
    IReadOnlyList<WorkflowTimer> ParkedTimers);

/// <summary>The instance that started this one through a sub-workflow activity.</summary>
public sealed record ParentReference(Guid InstanceId, string ActivityId, Guid ExecutionId);

/// <summary>
/// The whole state of an instance after a step: what the durable host stores in the instance row.
/// <see cref="Version"/> grows by one per applied step (optimistic concurrency).
/// </summary>
public sealed record InstanceSnapshot
{
    public required Guid InstanceId { get; init; }

    public required string DefinitionId { get; init; }

    public required int DefinitionVersion { get; init; }

    public InstanceStatus Status { get; init; } = InstanceStatus.Running;

    public long Version { get; init; }

    /// <summary>The counter that derives deterministic ids (bookmarks, timers, tasks, children).</summary>
    public long Sequence { get; init; }

    public long JournalSequence { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How it ended: the End activity's outcome, the event handler's, or "Faulted"/"Cancelled".</summary>
    public string? Outcome { get; init; }

    public string CalendarId { get; init; } = "FR";

    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>Keys such as company, customer, invoice: stimuli correlate with them.</summary>
    public IReadOnlyDictionary<string, string> CorrelationKeys { get; init; } = ImmutableDictionary<string, string>.Empty;

    public IReadOnlyDictionary<string, object?> Inputs { get; init; } = ImmutableDictionary<string, object?>.Empty;

    public IReadOnlyDictionary<string, object?> Variables { get; init; } = ImmutableDictionary<string, object?>.Empty;

    public IReadOnlyList<ActivityExecution> Executions { get; init; } = [];

    public IReadOnlyList<Bookmark> Bookmarks { get; init; } = [];

    public IReadOnlyList<WorkflowTimer> Timers { get; init; } = [];

    public IReadOnlyList<HumanTask> OpenTasks { get; init; } = [];

    /// <summary>How many times each activity has started (makes effect keys unique across loops).</summary>
    public IReadOnlyDictionary<string, int> ActivityRuns { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>State an activity keeps across its executions (a join's arrivals).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ActivityState { get; init; } =
        ImmutableDictionary<string, IReadOnlyDictionary<string, string>>.Empty;

    /// <summary>The latest message ids this instance consumed: a redelivered stimulus is a no-op.</summary>
    public IReadOnlyList<string> ConsumedMessageIds { get; init; } = [];

    public SuspensionState? Suspension { get; init; }

    public ParentReference? Parent { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinished => Status is InstanceStatus.Completed or InstanceStatus.Faulted or InstanceStatus.Cancelled;

    public override string ToString() => $"{DefinitionId} v{DefinitionVersion} #{InstanceId} ({Status})";
}

public static class InstanceSnapshotSerializer
{
    /// <summary>The snapshot as JSON (variables as plain JSON values).</summary>
    public static string Serialize(InstanceSnapshot snapshot)
    {
        var plain = snapshot with
        {
            Inputs = snapshot.Inputs.ToDictionary(p => p.Key, p => (object?)WorkflowValues.ToJsonElement(p.Value)),
            Variables = snapshot.Variables.ToDictionary(p => p.Key, p => (object?)WorkflowValues.ToJsonElement(p.Value)),
        };
        return System.Text.Json.JsonSerializer.Serialize(plain, WorkflowJson.Options);
    }

    /// <summary>Reads a snapshot back; the definition gives the types of its inputs and variables.</summary>
    public static InstanceSnapshot Deserialize(string json, WorkflowDefinition definition)
    {
        var snapshot = System.Text.Json.JsonSerializer.Deserialize<InstanceSnapshot>(json, WorkflowJson.Options)
            ?? throw new WorkflowDefinitionFormatException("The snapshot is empty.");
        return snapshot with
        {
            Inputs = Typed(snapshot.Inputs, definition.Inputs),
            Variables = Typed(snapshot.Variables, definition.Variables),
        };
    }

    private static Dictionary<string, object?> Typed(IReadOnlyDictionary<string, object?> values, IReadOnlyList<VariableDeclaration> declarations) =>
        values.ToDictionary(
            p => p.Key,
            p => declarations.FirstOrDefault(d => d.Name == p.Key) is { } declaration ? WorkflowValues.Coerce(p.Value, declaration.Type, p.Key) : p.Value,
            StringComparer.Ordinal);
}
