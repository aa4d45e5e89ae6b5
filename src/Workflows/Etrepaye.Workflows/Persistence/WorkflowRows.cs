using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Workflows.Persistence;

/// <summary>An instance: its snapshot as JSON, with the version the commit of every step is conditional on.</summary>
internal sealed class WorkflowInstanceRow : ICompanyOwned
{
    public required Guid Id { get; init; }

    public required Guid CompanyId { get; init; }

    public required string DefinitionId { get; init; }

    public required int DefinitionVersion { get; init; }

    public required string Status { get; set; }

    public required long Version { get; set; }

    public required string Snapshot { get; set; }

    public required string CorrelationKeys { get; init; }

    /// <summary>The <c>customer</c> correlation key, copied out so that instances and tasks are searched by customer.</summary>
    public string? Customer { get; init; }

    public Guid? ParentInstanceId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>A wait for an event, indexed by event name so stimuli find their instances without loading snapshots.</summary>
internal sealed class WorkflowBookmarkRow : ICompanyOwned
{
    public required Guid Id { get; init; }

    public required Guid InstanceId { get; init; }

    public required Guid CompanyId { get; init; }

    public required string EventName { get; init; }

    /// <summary>The correlation keys as canonical JSON (sorted by key).</summary>
    public required string CorrelationKeys { get; init; }

    public required string Data { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A timer row: due instant and the lease a worker claims it by.</summary>
internal sealed class WorkflowTimerRow : ICompanyOwned
{
    public required Guid Id { get; init; }

    public required Guid InstanceId { get; init; }

    public required Guid CompanyId { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public string? LeaseOwner { get; set; }

    public required string Data { get; init; }
}

internal sealed class WorkflowJournalRow : ICompanyOwned
{
    public required Guid InstanceId { get; init; }

    public required long Sequence { get; init; }

    public required Guid CompanyId { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Kind { get; init; }

    public string? ActivityId { get; init; }

    public string? Port { get; init; }

    public required string Data { get; init; }
}

internal sealed class WorkflowIncidentRow : ICompanyOwned
{
    public required Guid Id { get; init; }

    public required Guid InstanceId { get; init; }

    public required Guid CompanyId { get; init; }

    public required string ActivityId { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Data { get; init; }
}

/// <summary>A stimulus no bookmark matched yet, kept until it expires; the message id makes it unique.</summary>
internal sealed class PendingStimulusRow : ICompanyOwned
{
    public required string MessageId { get; init; }

    public required Guid CompanyId { get; init; }

    public required string EventName { get; init; }

    public required string Data { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>Every message id the engine has seen: a second delivery of the same stimulus is a duplicate.</summary>
internal sealed class ReceivedMessageRow
{
    public required string MessageId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}

internal enum HumanTaskStatus
{
    Open,
    Completed,
    TimedOut,
    Cancelled,
}

internal sealed class HumanTaskRow : ICompanyOwned
{
    public required Guid Id { get; init; }

    public required Guid InstanceId { get; init; }

    public required Guid CompanyId { get; init; }

    public required string ActivityId { get; init; }

    public required string Title { get; init; }

    public string? Role { get; init; }

    public string? Assignee { get; init; }

    public DateOnly? DueDate { get; init; }

    public required string Priority { get; init; }

    public HumanTaskStatus Status { get; set; }

    public string? Outcome { get; set; }

    public string? ClosedBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string Data { get; init; }

    /// <summary>The operator working on the task: set by a claim that finds it unclaimed, cleared by a release.</summary>
    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>The instance's <c>amountAtRisk</c> (variable, else input) when the task was created: the inbox's priority.</summary>
    public decimal? AmountAtRisk { get; init; }

    /// <summary>
    /// The inbox's priority on <see cref="ScoreDay"/> (amount at risk × days overdue, see <see cref="TaskScores"/>), stored so that
    /// the first page is read from an index; a double because SQLite cannot order by decimals.
    /// </summary>
    public double Score { get; set; }

    /// <summary>The company's date <see cref="Score"/> was computed for: older rows are rescored by the inbox's first read of a day.</summary>
    public DateOnly ScoreDay { get; set; }
}

public enum EffectStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>The engine's outbox: one row per idempotency key, claimed by lease and dispatched after commit.</summary>
internal sealed class EffectCommandRow : ICompanyOwned
{
    public required string IdempotencyKey { get; init; }

    public required Guid InstanceId { get; init; }

    public required Guid CompanyId { get; init; }

    public required string ActivityId { get; init; }

    public required string EffectType { get; init; }

    public required string Payload { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    public EffectStatus Status { get; set; }

    public int Attempts { get; set; }

    public string? Result { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public string? LeaseOwner { get; set; }
}
