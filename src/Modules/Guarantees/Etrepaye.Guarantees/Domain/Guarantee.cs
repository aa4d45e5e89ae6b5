using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Documents;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Guarantees.Domain;

internal enum GuaranteeType
{
    BankGuarantee,
    StandbyLetterOfCredit,
    DocumentaryLetterOfCredit,
    ParentCompanyGuarantee,
    Deposit,
    CreditInsuranceCover,
}

internal enum GuaranteeStatus
{
    Requested,
    Active,
    Expired,
    Called,
    Released,
}

internal enum CoverageScope
{
    AllReceivables,
    SpecificInvoices,
    SpecificContracts,
}

/// <summary>
/// A security on a customer's receivables (a bank guarantee on first demand, a letter of credit, a parent-company guarantee,
/// a deposit...). It covers from its activation, between its start and expiry dates, until it is released; calls reduce it.
/// </summary>
internal sealed class Guarantee : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; init; }

    /// <summary>Given by or for a group head: it also covers the head's subsidiaries.</summary>
    public bool CoversGroup { get; set; }

    public GuaranteeType Type { get; init; }

    public required string IssuerName { get; set; }

    public string? IssuerReference { get; set; }

    /// <summary>The code of the company's legal entity in whose favour it is issued.</summary>
    public string? BeneficiaryLegalEntityCode { get; set; }

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly ExpiryDate { get; set; }

    /// <summary>The last day a call is accepted (on or after the expiry date).</summary>
    public DateOnly ClaimDeadline { get; set; }

    public CoverageScope Scope { get; set; }

    /// <summary>The invoice or contract references covered when the scope is specific.</summary>
    public string[] ScopeReferences { get; set; } = [];

    public GuaranteeStatus Status { get; set; }

    public DateOnly? ActivatedOn { get; set; }

    public DateOnly? ReleasedOn { get; set; }

    public string? Notes { get; set; }

    public long Version { get; set; }

    /// <summary>Whether it covers on a date, whatever its status says today (the status may have moved on since).</summary>
    public bool CoversOn(DateOnly date) =>
        ActivatedOn is { } activated && activated <= date && StartDate <= date && date <= ExpiryDate && (ReleasedOn is null || ReleasedOn > date);
}

/// <summary>One step of a guarantee's life: its status before and after, when it took effect, who recorded it and why.</summary>
internal sealed class GuaranteeStatusChange : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid GuaranteeId { get; init; }

    public GuaranteeStatus? FromStatus { get; init; }

    public GuaranteeStatus ToStatus { get; init; }

    public DateOnly EffectiveDate { get; init; }

    public DateTimeOffset At { get; init; }

    public required string ChangedBy { get; init; }

    public string? Reason { get; init; }
}

/// <summary>A scanned deed, a SWIFT message, an insurer's letter: its content is in the database or in the configured folder.</summary>
internal sealed class GuaranteeDocument : StoredDocument
{
    public Guid GuaranteeId { get; init; }
}

internal enum CallStatus
{
    Open,
    PartiallyReceived,
    Received,
}

/// <summary>A demand for payment made to the issuer of a guarantee, for an amount and some invoices, and what it paid.</summary>
internal sealed class GuaranteeCall : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid GuaranteeId { get; init; }

    public Guid CustomerId { get; init; }

    public decimal Amount { get; init; }

    public required string Currency { get; init; }

    public DateOnly CalledOn { get; init; }

    public Guid[] InvoiceIds { get; init; } = [];

    public string? Reason { get; init; }

    public decimal AmountReceived { get; set; }

    public CallStatus Status { get; set; }

    public required string CalledBy { get; init; }

    public long Version { get; set; }

    public void Receive(decimal amount)
    {
        AmountReceived += amount;
        Status = AmountReceived >= Amount ? CallStatus.Received : CallStatus.PartiallyReceived;
    }
}

/// <summary>Money received from the issuer on a call.</summary>
internal sealed class GuaranteeCallReceipt : ICompanyOwned, IAudited
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CallId { get; init; }

    public decimal Amount { get; init; }

    public DateOnly ReceivedOn { get; init; }

    public string? Reference { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }
}

/// <summary>The last business day the daily check (expiries, insurer duties) ran for a company.</summary>
internal sealed class GuaranteesDailyCheck : ICompanyOwned
{
    public Guid CompanyId { get; init; }

    public DateOnly LastCheckedDate { get; set; }
}
