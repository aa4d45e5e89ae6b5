using System.Text.Json;

namespace Etrepaye.Workflows.Runtime;

public enum JournalEntryKind
{
    InstanceStarted,
    ActivityStarted,
    ActivityResumed,
    ActivitySuspended,
    ActivityCompleted,
    ActivityFaulted,
    ActivityCancelled,
    EventHandled,
    EventIgnored,
    InstanceSuspended,
    InstanceResumed,
    InstanceCompleted,
    InstanceFaulted,
    InstanceCancelled,

    /// <summary>An operator acted on the instance (retry, skip, move, variable change, migration): the message says what and why.</summary>
    OperatorAction,
}

/// <summary>One expression an activity or handler evaluated: what it read and what it found.</summary>
public sealed record EvaluationTrace(string Input, string Expression, IReadOnlyList<Expressions.ValueRead> Reads, string Result);

/// <summary>
/// A line of an instance's journal: what ran and, through <see cref="Why"/>, the expressions that
/// chose the port with the values they read.
/// </summary>
public sealed record JournalEntry
{
    public required Guid InstanceId { get; init; }

    public required long Sequence { get; init; }

    public required DateTimeOffset At { get; init; }

    public required JournalEntryKind Kind { get; init; }

    public string? ActivityId { get; init; }

    public string? ActivityType { get; init; }

    public Guid? ExecutionId { get; init; }

    /// <summary>The port (or ports, comma-separated) an activity completed through.</summary>
    public string? Port { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<EvaluationTrace> Why { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    public override string ToString() =>
        $"{At:u} {Kind} {ActivityId}{(Port is null ? string.Empty : $" → {Port}")}{(Message is null ? string.Empty : $" ({Message})")}";
}

/// <summary>
/// A side effect an activity asks for (a letter, an e-mail, a handover). The durable host writes it
/// to the engine's outbox in the step's transaction; a dispatcher performs it after commit, once per
/// <see cref="IdempotencyKey"/> (<c>instanceId:activityId:scope</c>).
/// </summary>
public sealed record EffectCommand(
    string IdempotencyKey,
    Guid InstanceId,
    string ActivityId,
    string EffectType,
    JsonElement Payload,
    DateTimeOffset RequestedAt);

public enum IncidentResolution
{
    /// <summary>A retry timer will run the activity again.</summary>
    Retrying,

    /// <summary>The instance is faulted (incident strategy fault).</summary>
    InstanceFaulted,

    /// <summary>The branch ended and the instance went on (incident strategy continue).</summary>
    BranchEnded,
}

public sealed record Incident(
    Guid Id,
    Guid InstanceId,
    string ActivityId,
    Guid ExecutionId,
    int Attempt,
    string Message,
    string? ExceptionType,
    IncidentResolution Resolution,
    DateTimeOffset At);

public enum HumanTaskResolution
{
    Completed,
    TimedOut,
    Cancelled,
}

public sealed record HumanTaskClosed(
    Guid TaskId,
    HumanTaskResolution Resolution,
    DateTimeOffset At,
    string? Outcome = null,
    string? ClosedBy = null,
    string? Reason = null);

/// <summary>A sub-workflow activity asks the host to start a child instance with this id.</summary>
public sealed record ChildWorkflowRequest
{
    public required Guid ChildInstanceId { get; init; }

    public required ParentReference Parent { get; init; }

    public required string DefinitionId { get; init; }

    /// <summary>The version to run; the latest published one when null.</summary>
    public int? Version { get; init; }

    public required IReadOnlyDictionary<string, object?> Inputs { get; init; }

    public required IReadOnlyDictionary<string, string> CorrelationKeys { get; init; }

    public required string CalendarId { get; init; }

    public required string TimeZoneId { get; init; }
}

/// <summary>
/// Everything a step changes besides the snapshot, for the durable host to commit in the same
/// transaction: index rows (bookmarks, timers, tasks), append-only rows (journal, incidents, outbox
/// effects), and follow-ups to carry out after commit (children to start and cancel, stimuli to publish).
/// </summary>
public sealed record WorkflowChanges
{
    public static WorkflowChanges None { get; } = new();

    public IReadOnlyList<Bookmark> BookmarksAdded { get; init; } = [];

    public IReadOnlyList<Guid> BookmarksRemoved { get; init; } = [];

    public IReadOnlyList<WorkflowTimer> TimersAdded { get; init; } = [];

    public IReadOnlyList<Guid> TimersRemoved { get; init; } = [];

    public IReadOnlyList<HumanTask> TasksCreated { get; init; } = [];

    public IReadOnlyList<HumanTaskClosed> TasksClosed { get; init; } = [];

    public IReadOnlyList<JournalEntry> Journal { get; init; } = [];

    public IReadOnlyList<EffectCommand> Effects { get; init; } = [];

    public IReadOnlyList<Incident> Incidents { get; init; } = [];

    public IReadOnlyList<ChildWorkflowRequest> ChildrenToStart { get; init; } = [];

    public IReadOnlyList<Guid> ChildrenToCancel { get; init; } = [];

    /// <summary>Stimuli to publish after commit (a finished child tells its parent).</summary>
    public IReadOnlyList<Stimulus> StimuliToPublish { get; init; } = [];

    /// <summary>The message id the step consumed, to record for deduplication.</summary>
    public string? ConsumedMessageId { get; init; }
}

public enum StepStatus
{
    /// <summary>The step ran: store the new snapshot (version + 1) and the changes.</summary>
    Applied,

    /// <summary>The input is invalid (a form that does not fit, an unknown task): nothing changed.</summary>
    Rejected,

    /// <summary>The input does not concern the instance any more (a removed timer, a finished instance): nothing changed.</summary>
    Ignored,

    /// <summary>The stimulus was already consumed by this instance: nothing changed.</summary>
    Duplicate,
}

public sealed record StepResult(InstanceSnapshot Snapshot, WorkflowChanges Changes, StepStatus Status, IReadOnlyList<string> Errors)
{
    public bool Applied => Status == StepStatus.Applied;

    internal static StepResult Unchanged(InstanceSnapshot snapshot, StepStatus status, params IReadOnlyList<string> errors) =>
        new(snapshot, WorkflowChanges.None, status, errors);
}
