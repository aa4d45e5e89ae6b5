using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.CreditLimits.Domain;

/// <summary>
/// The credit granted to a customer. On the head of a group it covers the consolidated exposure of the whole group; on any
/// other customer, that customer's own exposure.
/// </summary>
internal sealed class CreditLimit : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; init; }

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    /// <summary>The last day the limit is valid; an order check after it answers LimitExpired.</summary>
    public DateOnly? ValidUntil { get; set; }

    public DateOnly? ReviewDate { get; set; }

    public string? RiskClass { get; set; }

    public decimal? Score { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long Version { get; set; }
}

/// <summary>One change of a limit: what it became, who asked and why, who approved it.</summary>
internal sealed class CreditLimitChange : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; init; }

    public Guid? RequestId { get; init; }

    public decimal? PreviousAmount { get; init; }

    public string? PreviousCurrency { get; init; }

    public decimal Amount { get; init; }

    public required string Currency { get; init; }

    public DateOnly? ValidUntil { get; init; }

    public DateOnly? ReviewDate { get; init; }

    public string? RiskClass { get; init; }

    public decimal? Score { get; init; }

    public required string Reason { get; init; }

    public required string RequestedBy { get; init; }

    public required string ApprovedBy { get; init; }

    public string? ApproverRole { get; init; }

    public DateTimeOffset At { get; init; }
}

internal enum CreditRequestKind
{
    LimitChange,
    Review,
}

internal enum CreditRequestTrigger
{
    Sales,
    Procedure,
    PeriodicReview,
    PaymentIncident,
}

internal enum CreditRequestStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>A request for a new limit or a review of the current one, decided by someone the authority matrix allows.</summary>
internal sealed class CreditRequest : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; init; }

    public CreditRequestKind Kind { get; init; }

    public CreditRequestTrigger Trigger { get; init; }

    public decimal Amount { get; init; }

    public required string Currency { get; init; }

    public DateOnly? ValidUntil { get; init; }

    public DateOnly? ReviewDate { get; init; }

    public required string Reason { get; init; }

    public required string RequestedBy { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>The lowest role of the matrix whose authority covers the amount.</summary>
    public CompanyRole RequiredRole { get; init; }

    public CreditRequestStatus Status { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public decimal? DecidedAmount { get; set; }

    public string? DecisionComment { get; set; }

    public Guid? InstanceId { get; set; }

    /// <summary>Why no procedure runs for it (no-procedure-assigned, procedure-not-published), when none could be started.</summary>
    public string? ProcedureProblem { get; set; }

    public long Version { get; set; }
}
