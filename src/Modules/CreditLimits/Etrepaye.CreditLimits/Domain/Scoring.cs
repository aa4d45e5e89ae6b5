using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.CreditLimits.Domain;

/// <summary>A customer's financial statements for a period, recorded or imported: inputs of the score.</summary>
internal sealed class FinancialStatement : ICompanyOwned, IAudited
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; init; }

    public DateOnly PeriodEnd { get; init; }

    public required string Currency { get; set; }

    public decimal Equity { get; set; }

    public decimal Turnover { get; set; }

    public decimal NetResult { get; set; }

    /// <summary>Payment incidents reported by a credit bureau or the company's own records for the period.</summary>
    public int PaymentIncidents { get; set; }

    public required string Source { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public required string RecordedBy { get; set; }
}

internal enum IncidentKind
{
    BrokenPromise,
    FormalNotice,
    AgencyHandover,
    InstalmentMissed,
    Dispute,
}

/// <summary>A payment incident or dispute reported by another module's event: an input of the score.</summary>
internal sealed class PaymentIncident : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; init; }

    public IncidentKind Kind { get; init; }

    public DateOnly OccurredOn { get; init; }

    /// <summary>The promise, case, plan or dispute it came from.</summary>
    public Guid SourceId { get; init; }

    public decimal? Amount { get; init; }

    public string? Currency { get; init; }
}
