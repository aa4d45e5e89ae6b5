namespace Etrepaye.CreditLimits.Features;

/// <summary>The company settings every exposure figure was computed with.</summary>
public sealed record ExposureOptionsResponse(bool IncludeDraftInvoices, bool DeductCover);

/// <param name="OpenReceivables">Open debits less unapplied credits on the ledger (not due + overdue).</param>
/// <param name="Overdue">The part of the open debits past due.</param>
/// <param name="NotDue">OpenReceivables less Overdue.</param>
/// <param name="DraftInvoices">Open draft invoices; counted in Total only when the company includes them.</param>
/// <param name="Cover">Valid guarantees and insurance cover; taken off Total only when the company deducts it.</param>
/// <param name="Total">OpenReceivables + OpenOrders (+ DraftInvoices) (− Cover), never below zero.</param>
/// <param name="MissingRates">Currency pairs ("USD/EUR") without a rate on the date: amounts in them are left out of every figure.</param>
/// <param name="Customers">The customers whose rows are in the figures (the group for a group head).</param>
public sealed record ExposureResponse(
    string Currency, decimal OpenReceivables, decimal Overdue, decimal NotDue, decimal OpenOrders, decimal DraftInvoices, decimal Cover, decimal Total,
    IReadOnlyList<string> MissingRates, IReadOnlyList<Guid> Customers);

/// <summary>A limit that applies to the customer, with the exposure it is compared with.</summary>
/// <param name="Scope">Group (a group head's limit over the consolidated exposure) or Customer (the customer's own exposure).</param>
/// <param name="UsedPercent">Total ÷ limit × 100 (null for a zero limit).</param>
public sealed record LimitExposureResponse(
    string Scope, Guid LimitCustomerId, decimal Limit, string Currency, DateOnly? ValidUntil, DateOnly? ReviewDate, bool Expired, ExposureResponse Exposure,
    decimal Available, decimal? UsedPercent);

/// <summary>A customer's exposure under each limit that applies (or in its own currency when none does).</summary>
public sealed record CustomerExposureResponse(
    Guid CustomerId, Guid GroupHeadId, DateOnly AsOf, ExposureOptionsResponse Options, bool Blocked, string? BlockedReason, IReadOnlyList<LimitExposureResponse> Limits,
    ExposureResponse? WithoutLimit, DateTimeOffset LedgerReadAt);

public sealed record LimitResponse(
    Guid Id, Guid CustomerId, decimal Amount, string Currency, DateOnly? ValidUntil, DateOnly? ReviewDate, string? RiskClass, decimal? Score, DateTimeOffset UpdatedAt,
    long Version, string? CustomerReference = null, string? CustomerName = null);

public sealed record LimitChangeResponse(
    Guid Id, Guid? RequestId, decimal? PreviousAmount, string? PreviousCurrency, decimal Amount, string Currency, DateOnly? ValidUntil, DateOnly? ReviewDate,
    string? RiskClass, decimal? Score, string Reason, string RequestedBy, string ApprovedBy, string? ApproverRole, DateTimeOffset At);

public sealed record CreditRequestResponse(
    Guid Id, Guid CustomerId, string Kind, string Trigger, decimal Amount, string Currency, DateOnly? ValidUntil, DateOnly? ReviewDate, string Reason,
    string RequestedBy, DateTimeOffset RequestedAt, string RequiredRole, string Status, string? DecidedBy, DateTimeOffset? DecidedAt, decimal? DecidedAmount,
    string? DecisionComment, Guid? InstanceId, string? ProcedureProblem, long Version, string? CustomerReference = null, string? CustomerName = null);
