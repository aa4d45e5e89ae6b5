using Etrepaye.Access.Contracts;

namespace Etrepaye.Collection.Agencies;

/// <summary>Today in the company's time zone: handovers, reports and service levels are business dates.</summary>
internal sealed class AgencyDay(ICompanyDirectory companies, TimeProvider timeProvider)
{
    public TimeProvider Clock => timeProvider;

    public async Task<DateOnly> TodayAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var company = await companies.FindAsync(companyId, cancellationToken);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(company?.TimeZone ?? "UTC", out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime);
    }
}
