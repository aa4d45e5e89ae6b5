using Etrepaye.Access.Contracts;
using Etrepaye.Workflows.Calendars;

namespace Etrepaye.Disputes.Support;

/// <summary>
/// A company's today and business days: the engine's calendar its procedures count business days with, so that a reason's
/// SLA and a procedure agree.
/// </summary>
internal sealed class CompanyCalendar(ICompanyClock clock, ICalendarProvider calendars)
{
    public async Task<(DateOnly Today, IBusinessCalendar Calendar)> ForAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var day = await clock.DayAsync(companyId, cancellationToken);
        return (day.Today, await calendars.GetAsync(day.CalendarId, cancellationToken));
    }
}
