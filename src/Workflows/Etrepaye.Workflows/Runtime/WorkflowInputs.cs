using System.Collections.Immutable;

namespace Etrepaye.Workflows.Runtime;

/// <summary>Starts a new instance. The caller chooses the id (a UUIDv7 in the hosts).</summary>
public sealed record StartWorkflow
{
    public required Guid InstanceId { get; init; }

    /// <summary>Input values: CLR values or <see cref="System.Text.Json.JsonElement"/>s, checked against the declared inputs.</summary>
    public IReadOnlyDictionary<string, object?> Inputs { get; init; } = ImmutableDictionary<string, object?>.Empty;

    public IReadOnlyDictionary<string, string> CorrelationKeys { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The business calendar used for business days; the runtime's default when null.</summary>
    public string? CalendarId { get; init; }

    /// <summary>The IANA time zone in which dates turn into instants; the runtime's default when null.</summary>
    public string? TimeZoneId { get; init; }

    public ParentReference? Parent { get; init; }

    /// <summary>The instant of the step; the runtime's <see cref="TimeProvider"/> when null.</summary>
    public DateTimeOffset? At { get; init; }
}

/// <summary>Something that happens to an existing instance. <see cref="At"/> overrides the runtime's clock.</summary>
public abstract record WorkflowInput(DateTimeOffset? At);

/// <summary>A timer of the instance is due (the durable host claimed it with a lease).</summary>
public sealed record TimerDue(Guid TimerId, DateTimeOffset? At = null) : WorkflowInput(At);

/// <summary>A stimulus the host found a matching bookmark for in this instance.</summary>
public sealed record StimulusDelivered(Stimulus Stimulus, DateTimeOffset? At = null) : WorkflowInput(At);

/// <summary>A person completes a human task with an outcome and the form's values.</summary>
public sealed record CompleteHumanTask(
    Guid TaskId,
    string Outcome,
    IReadOnlyDictionary<string, object?> Values,
    string? CompletedBy = null,
    DateTimeOffset? At = null) : WorkflowInput(At);

/// <summary>An operator cancels the instance: every wait is removed.</summary>
public sealed record CancelInstance(string Reason, DateTimeOffset? At = null) : WorkflowInput(At);

/// <summary>
/// An operator's action on an instance, with the reason the journal records. Unlike other inputs it is also
/// accepted by a faulted instance (retry, skip and move reopen it; a variable may be corrected first).
/// </summary>
public abstract record OperatorInput(string Reason, string? By, DateTimeOffset? At) : WorkflowInput(At);

/// <summary>Runs a faulted activity (or one waiting for its retry timer) again now, with a fresh round of its retry policy.</summary>
public sealed record RetryActivity(Guid ExecutionId, string Reason, string? By = null, DateTimeOffset? At = null) : OperatorInput(Reason, By, At);

/// <summary>Completes a waiting or faulted activity through the chosen port without running it: its waits are cancelled.</summary>
public sealed record SkipActivity(Guid ExecutionId, string Port, string Reason, string? By = null, DateTimeOffset? At = null) : OperatorInput(Reason, By, At);

/// <summary>Cancels every current wait and starts the named activity (what a goTo event handler does).</summary>
public sealed record MoveToActivity(string ActivityId, string Reason, string? By = null, DateTimeOffset? At = null) : OperatorInput(Reason, By, At);

/// <summary>Sets a declared variable; the value (a CLR value or a JSON element) must fit the variable's type.</summary>
public sealed record ChangeVariable(string Name, object? Value, string Reason, string? By = null, DateTimeOffset? At = null) : OperatorInput(Reason, By, At);
