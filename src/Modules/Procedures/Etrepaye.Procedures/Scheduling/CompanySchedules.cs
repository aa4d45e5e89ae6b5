using Etrepaye.Access.Contracts;

namespace Etrepaye.Procedures.Scheduling;

/// <summary>The time zone and business calendar in which a company's procedures count their dates.</summary>
internal sealed record CompanySchedule(string TimeZoneId, string CalendarId);

/// <summary>
/// Reads a company's schedule from its settings: its own IANA time zone, and the business calendar of its country
/// (France: weekends and French public holidays; any other country: weekends only, as the engine ships no other holidays).
/// </summary>
internal sealed class CompanySchedules(ICompanyDirectory companies)
{
    public const string WeekdaysCalendarId = "weekdays";

    public async Task<CompanySchedule> ForAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var company = await companies.FindAsync(companyId, cancellationToken)
            ?? throw new InvalidOperationException($"Company {companyId} does not exist.");
        return new CompanySchedule(company.TimeZone, CalendarFor(company.Country));
    }

    public static string CalendarFor(string country) =>
        string.Equals(country, "FR", StringComparison.OrdinalIgnoreCase) ? "FR" : WeekdaysCalendarId;
}
