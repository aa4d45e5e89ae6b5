using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Collection.Domain;

internal enum CaseStatus
{
    Open,
    WithAgency,
    Closed,
}

/// <summary>The collection of one customer account's overdue items; at most one case of a customer is not closed.</summary>
internal sealed class CollectionCase : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; init; }

    public required string CustomerReference { get; set; }

    public required string CustomerName { get; set; }

    public CaseStatus Status { get; set; }

    public DateOnly OpenedOn { get; init; }

    public DateOnly? ClosedOn { get; set; }

    public string? CloseReason { get; set; }

    /// <summary>The procedure instance that runs the case; null until it started (or when none could be started).</summary>
    public Guid? ProcedureInstanceId { get; set; }

    public string? ProcedureError { get; set; }

    public Guid? AgencyId { get; set; }

    /// <summary>The oldest overdue item not excluded (disputed); the scenario clock runs from it.</summary>
    public Guid? LeaderItemId { get; set; }

    public string? LeaderReference { get; set; }

    public DateOnly? LeaderDueDate { get; set; }

    /// <summary>The customer's account currency: the amounts below are in it (other currencies are on the items).</summary>
    public required string Currency { get; set; }

    public decimal OverdueAmount { get; set; }

    public decimal ExcludedAmount { get; set; }

    public int OverdueItemCount { get; set; }

    /// <summary>The business date the items were last recomputed for.</summary>
    public DateOnly AsOf { get; set; }

    public long Version { get; set; }
}

/// <summary>An open item of the customer as the case last saw it.</summary>
internal sealed class CaseItem : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CaseId { get; init; }

    public Guid ItemId { get; init; }

    public required string Type { get; init; }

    public required string Reference { get; init; }

    public DateOnly IssueDate { get; init; }

    public DateOnly? DueDate { get; init; }

    public required string Currency { get; init; }

    public decimal Amount { get; init; }

    public decimal OpenAmount { get; init; }

    public int DaysPastDue { get; init; }

    /// <summary>Flagged disputed in the ledger: excluded whole.</summary>
    public bool Disputed { get; init; }

    /// <summary>The amount disputes hold out of collection.</summary>
    public decimal HeldAmount { get; init; }

    /// <summary>What collection may claim on it: the open amount less what disputes hold (nothing for a flagged item).</summary>
    public decimal CollectibleAmount { get; init; }

    public bool Overdue { get; init; }
}

internal enum PromiseStatus
{
    Pending,
    Kept,
    Broken,
}

/// <summary>A customer's promise to pay an amount by a date; kept when the payments received since reach it by the date plus the grace.</summary>
internal sealed class PromiseToPay : ICompanyOwned, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CaseId { get; init; }

    public Guid CustomerId { get; init; }

    public decimal Amount { get; init; }

    public required string Currency { get; init; }

    public DateOnly PromisedDate { get; init; }

    public int GraceDays { get; init; }

    /// <summary>The promised date plus the grace in business days: broken if the amount is not received by then.</summary>
    public DateOnly DueBy { get; init; }

    public decimal Received { get; set; }

    public PromiseStatus Status { get; set; }

    public DateOnly RecordedOn { get; init; }

    public DateOnly? ResolvedOn { get; set; }

    public string? Note { get; init; }

    public required string RecordedBy { get; init; }

    public long Version { get; set; }
}

/// <summary>A payment plan agreed with a customer: instalments with dates and amounts.</summary>
internal sealed class PaymentPlan : ICompanyOwned, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CaseId { get; init; }

    public Guid CustomerId { get; init; }

    public required string Currency { get; init; }

    public decimal Total { get; init; }

    public decimal Received { get; set; }

    public DateOnly AgreedOn { get; init; }

    /// <summary>The customer is covered by a credit insurer, whose policy asks to be told of payment plans.</summary>
    public bool InsurerNotificationRequired { get; init; }

    public required string Status { get; set; }

    public long Version { get; set; }
}

internal sealed class PaymentPlanInstalment : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid PlanId { get; init; }

    public int Number { get; init; }

    public DateOnly DueDate { get; init; }

    public decimal Amount { get; init; }

    /// <summary>Pending, Paid or Missed.</summary>
    public required string Status { get; set; }
}

/// <summary>Something a procedure did on a case (blocking, escalation…), recorded once per idempotency key.</summary>
internal sealed class CaseAction : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid? CaseId { get; init; }

    public Guid CustomerId { get; init; }

    public required string Kind { get; init; }

    public required string Detail { get; init; }

    public DateOnly On { get; init; }

    public DateTimeOffset At { get; init; }

    public required string By { get; init; }
}

/// <summary>
/// An invoice whose case opens before its due date, on <see cref="OpenOn"/> (the due date less the lead time the assigned procedure
/// declares): Pending until the pre-due check opened the case (Opened) or found nothing to open (Skipped).
/// </summary>
internal sealed class PreDueWatch : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; init; }

    public Guid InvoiceId { get; init; }

    public DateOnly DueDate { get; init; }

    public DateOnly OpenOn { get; init; }

    public required string Status { get; set; }
}

internal enum CaseLinkStatus
{
    Pending,
    Answered,
    Revoked,
}

/// <summary>
/// The signed link an escalation e-mail carries: it lets a colleague without an account read that one case and answer once, until it
/// expires or is revoked. Only the token's hash is kept (<see cref="Etrepaye.Shared.Security.LinkTokens"/>).
/// </summary>
internal sealed class CaseLink : ICompanyOwned, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CaseId { get; init; }

    public Guid CustomerId { get; init; }

    public Guid MessageId { get; init; }

    public required string RecipientEmail { get; init; }

    public required string Question { get; init; }

    public required string TokenHash { get; init; }

    public required string Link { get; init; }

    public CaseLinkStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? AnsweredBy { get; set; }

    public string? Answer { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public long Version { get; set; }
}
