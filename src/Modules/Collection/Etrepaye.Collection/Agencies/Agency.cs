using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Documents;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Collection.Agencies;

/// <summary>An external collection agency the company hands cases over to, with its commission and service levels.</summary>
internal sealed class Agency : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public required string Name { get; set; }

    public string? ContactName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>Percent of what the agency collects that it keeps as its fee (e.g. 12.5).</summary>
    public decimal CommissionRate { get; set; }

    /// <summary>Days after the handover by which the agency must have accepted the case (its first contact).</summary>
    public int FirstContactDays { get; set; }

    /// <summary>Days between two reports the agency owes on a case it works.</summary>
    public int ReportEveryDays { get; set; }

    public bool IsActive { get; set; }

    /// <summary>The agency a procedure hands over to when it names none; at most one per company.</summary>
    public bool IsDefault { get; set; }

    public long Version { get; set; }
}

/// <summary>A key an agency's system authenticates with (header X-Agency-Key): one agency of one company, until revoked.</summary>
internal sealed class AgencyApiKey : ICompanyOwned, IAudited
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid AgencyId { get; init; }

    public required string Name { get; init; }

    public required string SecretHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}

internal enum AgencyCaseStatus
{
    /// <summary>Handed over, not yet accepted by the agency.</summary>
    HandedOver,
    Accepted,
    Recalled,
    Closed,
}

internal enum AgencyOutcome
{
    Recovered,
    PartiallyRecovered,
    Unrecoverable,
}

/// <summary>
/// A collection case while (and after) an agency holds it: a snapshot of the items and amounts handed over, what the agency
/// collected and charged, and what the customer paid the company directly meanwhile.
/// </summary>
internal sealed class AgencyCase : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid AgencyId { get; init; }

    /// <summary>The collection case handed over.</summary>
    public Guid CaseId { get; init; }

    public Guid CustomerId { get; init; }

    /// <summary>The case id while the agency holds it, null once returned: a unique index makes a second handover impossible.</summary>
    public Guid? HeldCaseId { get; set; }

    public required string Currency { get; init; }

    public decimal HandedOverAmount { get; init; }

    public decimal CollectedAmount { get; set; }

    public decimal FeesAmount { get; set; }

    /// <summary>Payments in the case's currency the company received directly while the agency held the case.</summary>
    public decimal DirectPaymentsAmount { get; set; }

    /// <summary>The agency's commission rate when the case was handed over.</summary>
    public decimal CommissionRate { get; init; }

    public AgencyCaseStatus Status { get; set; }

    public AgencyOutcome? Outcome { get; set; }

    public DateOnly HandedOverOn { get; init; }

    public DateTimeOffset HandedOverAt { get; init; }

    public required string HandedOverBy { get; init; }

    /// <summary>The date by which the agency must accept the case (the first-contact service level).</summary>
    public DateOnly FirstContactDueOn { get; init; }

    public int ReportEveryDays { get; init; }

    public DateOnly? AcceptedOn { get; set; }

    /// <summary>The agency's last acceptance or status update: the report service level runs from it.</summary>
    public DateOnly? LastReportOn { get; set; }

    public DateOnly? NextActionOn { get; set; }

    /// <summary>The date it was recalled or closed.</summary>
    public DateOnly? ReturnedOn { get; set; }

    public string? Note { get; set; }

    public long Version { get; set; }

    public bool IsHeld => Status is AgencyCaseStatus.HandedOver or AgencyCaseStatus.Accepted;

    /// <summary>What the agency still pursues.</summary>
    public decimal Outstanding => Math.Max(0m, HandedOverAmount - CollectedAmount - DirectPaymentsAmount);
}

/// <summary>An invoice handed over, as it stood on the handover date.</summary>
internal sealed class AgencyCaseItem : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid AgencyCaseId { get; init; }

    public Guid InvoiceId { get; init; }

    public required string Reference { get; init; }

    public DateOnly IssueDate { get; init; }

    public DateOnly? DueDate { get; init; }

    public decimal Amount { get; init; }

    public decimal OpenAmount { get; init; }

    public required string Currency { get; init; }
}

internal sealed class AgencyCaseDocument : StoredDocument, IAudited
{
    public Guid AgencyCaseId { get; init; }
}

internal enum AgencyCaseEntryKind
{
    HandedOver,
    SupplierNote,
    Accepted,
    StatusUpdate,
    Recalled,
    Closed,
}

/// <summary>The case's history between the company and the agency: notes, acceptance, status updates, recall, closing.</summary>
internal sealed class AgencyCaseEntry : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid AgencyCaseId { get; init; }

    public AgencyCaseEntryKind Kind { get; init; }

    public string? Text { get; init; }

    public DateOnly? NextActionOn { get; init; }

    public DateOnly On { get; init; }

    public DateTimeOffset At { get; init; }

    public required string By { get; init; }
}

/// <summary>An amount the agency reports it collected, with its fee.</summary>
internal sealed class AgencyCollection : ICompanyOwned, IAudited
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid AgencyCaseId { get; init; }

    public decimal Amount { get; init; }

    public decimal Fee { get; init; }

    public DateOnly CollectedOn { get; init; }

    public string? Reference { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }
}

/// <summary>A payment the company received directly from the customer while an agency held its case, reported to the agency.</summary>
internal sealed class AgencyDirectPayment : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid AgencyCaseId { get; init; }

    public Guid PaymentId { get; init; }

    public required string Reference { get; init; }

    public decimal Amount { get; init; }

    public required string Currency { get; init; }

    public DateOnly ReceivedOn { get; init; }

    public DateTimeOffset RecordedAt { get; init; }
}
