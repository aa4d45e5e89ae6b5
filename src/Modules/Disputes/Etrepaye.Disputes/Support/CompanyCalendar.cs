using Etrepaye.Access.Contracts;
using Etrepaye.Workflows.Calendars;

namespace Etrepaye.Disputes.Support;

/// <summary>
/// A company's today (in its time zone) and business days: the engine's calendar for the company's country (public
/// holidays and weekends), the one its procedures count business days with, so a reason's SLA and a procedure agree.
/// </summary>
internal sealed class CompanyCalendar(ICompanyDirectory companies, ICalendarProvider calendars, TimeProvider timeProvider)
{
    public async Task<(DateOnly Today, IBusinessCalendar Calendar)> ForAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var company = await companies.FindAsync(companyId, cancellationToken);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(company?.TimeZone ?? "UTC", out var found) ? found : TimeZoneInfo.Utc;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime);
        return (today, calendars.Get(company?.Country ?? ""));
    }
}
