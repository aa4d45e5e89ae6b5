using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Guarantees.Domain;

/// <summary>
/// A credit-insurance policy: the insurer pays <see cref="CoveragePercent"/> of a loss on a buyer up to the limit it granted on
/// that buyer, provided the company fulfils its duties (declare an overdue that goes beyond the maximum extension period, notify
/// payment plans, file claims) on time.
/// </summary>
internal sealed class InsurancePolicy : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public required string InsurerName { get; set; }

    /// <summary>Unique in the company.</summary>
    public required string PolicyNumber { get; set; }

    public required string Currency { get; set; }

    public decimal CoveragePercent { get; set; }

    /// <summary>How many days past its due date an invoice may stay unpaid before the overdue must be declared.</summary>
    public int MaxExtensionDays { get; set; }

    /// <summary>Days allowed, after the maximum extension period ends, to declare the overdue.</summary>
    public int DeclarationDelayDays { get; set; }

    /// <summary>Days allowed to notify the insurer of a payment plan granted to a buyer.</summary>
    public int PaymentPlanNotificationDays { get; set; }

    /// <summary>Days allowed, after an overdue was declared, to file the claim.</summary>
    public int ClaimFilingDays { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    public long Version { get; set; }

    public bool InForceOn(DateOnly date) => StartDate <= date && (EndDate is null || date <= EndDate);

    public DateOnly DeclarationDeadline(DateOnly dueDate) => dueDate.AddDays(MaxExtensionDays + DeclarationDelayDays);

    /// <summary>An invoice is overdue beyond the maximum extension once it is more than that many days past due.</summary>
    public bool IsBeyondMaxExtension(DateOnly dueDate, DateOnly today) => today.DayNumber - dueDate.DayNumber > MaxExtensionDays;
}

internal enum InsuredLimitStatus
{
    Requested,
    Granted,
    Reduced,
    Cancelled,
}

/// <summary>The insurer's limit on one buyer under one policy; its decisions are kept in <see cref="InsuredLimitChange"/>.</summary>
internal sealed class InsuredLimit : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid PolicyId { get; init; }

    public Guid CustomerId { get; init; }

    public InsuredLimitStatus Status { get; set; }

    public decimal RequestedAmount { get; set; }

    /// <summary>The limit in force since <see cref="EffectiveDate"/> (0 while requested or once cancelled).</summary>
    public decimal Amount { get; set; }

    public DateOnly EffectiveDate { get; set; }

    public string? DecisionReference { get; set; }

    public long Version { get; set; }
}

/// <summary>A request or a decision on an insured limit: the history the cover on a past date is read from.</summary>
internal sealed class InsuredLimitChange : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid LimitId { get; init; }

    public InsuredLimitStatus Status { get; init; }

    public decimal Amount { get; init; }

    public DateOnly EffectiveDate { get; init; }

    public DateTimeOffset At { get; init; }

    public required string ChangedBy { get; init; }

    public string? Reference { get; init; }

    public string? Note { get; init; }

    public bool Covers => Status is InsuredLimitStatus.Granted or InsuredLimitStatus.Reduced;
}

internal enum InsurerDutyType
{
    DeclareOverdue,
    NotifyPaymentPlan,
    FileClaim,
}

internal enum InsurerDutyStatus
{
    Open,
    Completed,
    Cancelled,
}

/// <summary>Something the company must do for its insurer before a deadline, or lose the cover.</summary>
internal sealed class InsurerDuty : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid PolicyId { get; init; }

    public Guid CustomerId { get; init; }

    public InsurerDutyType Type { get; init; }

    public Guid? InvoiceId { get; init; }

    public string? InvoiceReference { get; init; }

    public decimal? Amount { get; init; }

    public string? Currency { get; init; }

    /// <summary>The day the duty arose.</summary>
    public DateOnly ArisenOn { get; init; }

    public DateOnly Deadline { get; init; }

    public InsurerDutyStatus Status { get; set; }

    public DateOnly? CompletedOn { get; set; }

    public string? CompletedBy { get; set; }

    public string? InsurerReference { get; set; }

    public string? Note { get; set; }

    public long Version { get; set; }
}
