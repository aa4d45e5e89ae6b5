using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.CreditLimits.Domain;

/// <summary>A company's credit policy: what exposure counts, when alerts fire, the score's weights and the authority currency.</summary>
internal sealed class CreditSettings : ICompanyOwned, IAudited, IVersioned
{
    public Guid CompanyId { get; init; }

    /// <summary>Draft invoices (recorded like orders, kind DraftInvoice) add to exposure.</summary>
    public bool IncludeDraftInvoices { get; set; }

    /// <summary>Valid guarantees and insurance cover (Guarantees module) are taken off exposure.</summary>
    public bool DeductCover { get; set; }

    /// <summary>The alert threshold below 100 % (80 by default).</summary>
    public decimal WarningPercent { get; set; } = 80m;

    /// <summary>The currency of the delegation-of-authority thresholds.</summary>
    public required string AuthorityCurrency { get; set; }

    public int WeightEquity { get; set; } = 20;

    public int WeightProfitability { get; set; } = 20;

    public int WeightRecordedIncidents { get; set; } = 15;

    public int WeightDaysLate { get; set; } = 25;

    public int WeightDisputes { get; set; } = 10;

    public int WeightCollectionIncidents { get; set; } = 10;

    /// <summary>How far back payment behaviour is read (days).</summary>
    public int BehaviourWindowDays { get; set; } = 365;

    public long Version { get; set; }

    public static CreditSettings Default(Guid companyId, string currency) => new() { CompanyId = companyId, AuthorityCurrency = currency };
}

/// <summary>One line of the delegation-of-authority matrix: members with this role may approve limits up to the amount.</summary>
internal sealed class AuthorityLevel : ICompanyOwned, IAudited
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public CompanyRole Role { get; init; }

    /// <summary>The company's name for the level ("Analyst", "Finance director").</summary>
    public required string Label { get; init; }

    /// <summary>The highest limit this role approves, in the settings' authority currency; null when unlimited.</summary>
    public decimal? MaxAmount { get; init; }
}
