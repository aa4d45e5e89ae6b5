using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Receivables.Domain;

/// <summary>How a company reads its ledger: reporting currency, the zone of its business dates, its aging buckets.</summary>
internal sealed class ReceivablesSettings : ICompanyOwned, IAudited, IVersioned
{
    public static readonly int[] DefaultAgingBucketLimits = [30, 60, 90];

    public Guid CompanyId { get; init; }

    public required string ReportingCurrency { get; set; }

    public required string TimeZone { get; set; }

    /// <summary>Upper limits in days past due of each aged-balance bucket; the last bucket is "more than the last limit".</summary>
    public int[] AgingBucketLimits { get; set; } = DefaultAgingBucketLimits;

    public long Version { get; set; }
}
