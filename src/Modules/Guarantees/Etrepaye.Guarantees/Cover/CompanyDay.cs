using Etrepaye.Access.Contracts;

namespace Etrepaye.Guarantees.Cover;

/// <summary>Today in a company's time zone: guarantee validity and insurer deadlines are business dates.</summary>
internal sealed class CompanyDay(ICompanyDirectory companies, TimeProvider timeProvider)
{
    public TimeProvider Clock => timeProvider;

    public async Task<DateOnly> TodayAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var company = await companies.FindAsync(companyId, cancellationToken);
        return Today(timeProvider, company?.TimeZone ?? "UTC");
    }

    public static DateOnly Today(TimeProvider timeProvider, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime);
    }
}
