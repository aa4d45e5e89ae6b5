namespace Etrepaye.Access.Contracts;

/// <summary>The days a company's business-day counts start from, before its own closed days.</summary>
public enum BaseCalendar
{
    /// <summary>Weekends and the public holidays of the company's country (France's; weekends only for other countries).</summary>
    PublicHolidays,

    /// <summary>Weekends only.</summary>
    WeekdaysOnly,
}

/// <summary>One closed day (or run of days) of a company: a dated closure, or a day-month closed every year.</summary>
/// <param name="Id">The closed day's id.</param>
/// <param name="Label">What the closure is, e.g. "Annual closure" or "Saint Étienne".</param>
/// <param name="From">First closed date of a dated closure (null for a yearly one).</param>
/// <param name="To">Last closed date of a dated closure, inclusive (equal to <paramref name="From"/> for one day).</param>
/// <param name="Month">Month (1-12) of a yearly closure (null for a dated one).</param>
/// <param name="Day">Day of the month of a yearly closure; 29 February closes leap years only.</param>
public sealed record CompanyClosedDay(Guid Id, string Label, DateOnly? From, DateOnly? To, int? Month, int? Day)
{
    /// <summary>The dates of <paramref name="year"/> this closure closes.</summary>
    public IEnumerable<DateOnly> DatesIn(int year)
    {
        if (Month is { } month && Day is { } day)
        {
            if (day <= DateTime.DaysInMonth(year, month))
            {
                yield return new DateOnly(year, month, day);
            }

            yield break;
        }

        if (From is not { } from)
        {
            yield break;
        }

        var to = To ?? from;
        for (var date = from.Year < year ? new DateOnly(year, 1, 1) : from; date <= to && date.Year <= year; date = date.AddDays(1))
        {
            if (date.Year == year)
            {
                yield return date;
            }
        }
    }
}

/// <summary>A company's business calendar: a base calendar of the engine and the company's own closed days.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="BaseCalendarId">
/// The engine's calendar the company's days start from: "FR" (weekends and French public holidays) or "weekdays" (weekends only).
/// </param>
/// <param name="ClosedDays">The company's own closures, on top of the base calendar.</param>
public sealed record CompanyBusinessCalendar(Guid CompanyId, string BaseCalendarId, IReadOnlyList<CompanyClosedDay> ClosedDays)
{
    /// <summary>The prefix of the calendar id a company's procedures and business-day counts use.</summary>
    public const string IdPrefix = "company:";

    /// <summary>The calendar id of a company ("company:" and its id), which the engine's calendar provider resolves.</summary>
    public static string IdFor(Guid companyId) => IdPrefix + companyId.ToString("D");

    /// <summary>The company a calendar id names, when it is a company calendar id.</summary>
    public static bool TryParseId(string calendarId, out Guid companyId)
    {
        companyId = Guid.Empty;
        return calendarId.StartsWith(IdPrefix, StringComparison.Ordinal) && Guid.TryParse(calendarId.AsSpan(IdPrefix.Length), out companyId);
    }

    /// <summary>The company's own closed dates of <paramref name="year"/> (the base calendar's holidays not included), in order.</summary>
    public IReadOnlyList<DateOnly> ClosedDatesIn(int year) => [.. ClosedDays.SelectMany(c => c.DatesIn(year)).Distinct().Order()];
}
