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

    public IBusinessCalendar Get(string calendarId) =>
        CompanyBusinessCalendar.TryParseId(calendarId, out _)
            // Only synchronous callers come here; the runtime and the modules ask with GetAsync.
            ? GetAsync(calendarId, CancellationToken.None).AsTask().GetAwaiter().GetResult()
            : shared.Get(calendarId);

    public async ValueTask<IBusinessCalendar> GetAsync(string calendarId, CancellationToken cancellationToken)
    {
        if (!CompanyBusinessCalendar.TryParseId(calendarId, out var companyId))
        {
            return await shared.GetAsync(calendarId, cancellationToken);
        }

        var calendar = await clock.CalendarAsync(companyId, cancellationToken);
        return _built.GetValue(calendar, c => Build(calendarId, c));
    }

    private IBusinessCalendar Build(string calendarId, CompanyBusinessCalendar calendar)
    {
        var baseCalendar = shared.Get(calendar.BaseCalendarId) as BusinessCalendar ?? BusinessCalendar.WeekdaysOnly();
        return calendar.ClosedDays.Count == 0
            ? baseCalendar.WithClosedDays(calendarId, [])
            : baseCalendar.WithClosedDaysPerYear(calendarId, calendar.ClosedDatesIn);
    }
}
