using Etrepaye.Access.Contracts;

namespace Etrepaye.Access.Features;

/// <summary>A closure of the company: dated (from, to) or yearly (month, day).</summary>
/// <param name="Id">The closed day's id (to remove it).</param>
/// <param name="Label">What the closure is, e.g. "Annual closure".</param>
/// <param name="From">First closed date of a dated closure; null for a yearly one.</param>
/// <param name="To">Last closed date of a dated closure, inclusive; null for a yearly one.</param>
/// <param name="Month">Month (1-12) of a yearly closure; null for a dated one.</param>
/// <param name="Day">Day of the month of a yearly closure; null for a dated one.</param>
public sealed record ClosedDayResponse(Guid Id, string Label, DateOnly? From, DateOnly? To, int? Month, int? Day)
{
    internal static ClosedDayResponse Of(CompanyClosedDay day) => new(day.Id, day.Label, day.From, day.To, day.Month, day.Day);
}

/// <summary>One date the company is closed on in the requested year, by its own closed days.</summary>
/// <param name="Date">The closed date.</param>
/// <param name="Label">The label of the closed day that closes it.</param>
public sealed record ClosedDateResponse(DateOnly Date, string Label);

/// <summary>The company's business calendar.</summary>
/// <param name="BaseCalendar">
/// What business days start from: PublicHolidays (weekends and the public holidays of the company's country, France's being
/// the only ones shipped) or WeekdaysOnly (weekends only).
/// </param>
/// <param name="BaseCalendarId">The engine calendar the base resolves to for the company's country: "FR" or "weekdays".</param>
/// <param name="CalendarId">The calendar id procedures and business-day counts of the company use ("company:" and its id).</param>
/// <param name="Year">The year <paramref name="ClosedDates"/> are computed for.</param>
/// <param name="ClosedDays">The company's closed days, as entered.</param>
/// <param name="ClosedDates">The dates of <paramref name="Year"/> the closed days close, in order (public holidays not included).</param>
public sealed record CompanyCalendarResponse(
    BaseCalendar BaseCalendar, string BaseCalendarId, string CalendarId, int Year, IReadOnlyList<ClosedDayResponse> ClosedDays, IReadOnlyList<ClosedDateResponse> ClosedDates)
{
    internal static CompanyCalendarResponse From(BaseCalendar baseCalendar, CompanyBusinessCalendar calendar, int year) => new(
        baseCalendar,
        calendar.BaseCalendarId,
        CompanyBusinessCalendar.IdFor(calendar.CompanyId),
        year,
        [.. calendar.ClosedDays.Select(ClosedDayResponse.Of)],
        [.. calendar.ClosedDays.SelectMany(d => d.DatesIn(year).Select(date => new ClosedDateResponse(date, d.Label))).DistinctBy(d => d.Date).OrderBy(d => d.Date)]);
}
