using System.Runtime.CompilerServices;
using Etrepaye.Access.Contracts;
using Etrepaye.Workflows.Calendars;

namespace Etrepaye.Procedures.Setup;

/// <summary>
/// Resolves a company's calendar id ("company:" and its id) to its base calendar plus its own closed days, read through
/// <see cref="ICompanyClock"/> (cached 30 seconds at most, forgotten at once on a change through this process); every
/// other id ("FR", "weekdays") is the engine's shared calendar.
/// </summary>
internal sealed class CompanyCalendarProvider(ICalendarProvider shared, ICompanyClock clock) : ICalendarProvider
{
    // Keyed by the clock's cached calendar, so the per-year holiday sets are computed once per cached version.
    private readonly ConditionalWeakTable<CompanyBusinessCalendar, IBusinessCalendar> _built = [];

    public async ValueTask<IBusinessCalendar> GetAsync(string calendarId, CancellationToken cancellationToken)
    {
        if (!CompanyBusinessCalendar.TryParseId(calendarId, out var companyId))
        {
            return await shared.GetAsync(calendarId, cancellationToken);
        }

        var calendar = await clock.CalendarAsync(companyId, cancellationToken);
        if (_built.TryGetValue(calendar, out var built))
        {
            return built;
        }

        var baseCalendar = await shared.GetAsync(calendar.BaseCalendarId, cancellationToken) as BusinessCalendar ?? BusinessCalendar.WeekdaysOnly();
        return _built.GetValue(calendar, c => Build(calendarId, baseCalendar, c));
    }

    private static IBusinessCalendar Build(string calendarId, BusinessCalendar baseCalendar, CompanyBusinessCalendar calendar) =>
        calendar.ClosedDays.Count == 0
            ? baseCalendar.WithClosedDays(calendarId, [])
            : baseCalendar.WithClosedDaysPerYear(calendarId, calendar.ClosedDatesIn);
}
