namespace Etrepaye.Workflows.Calendars;

/// <summary>The working days of a company: what "business days" count in expressions and waits.</summary>
public interface IBusinessCalendar
{
    string Id { get; }

    bool IsBusinessDay(DateOnly date);

    /// <summary>Moves <paramref name="days"/> business days forward (backward when negative), skipping closed days.</summary>
    DateOnly AddBusinessDays(DateOnly date, int days);
}

/// <summary>
/// A calendar of weekend days, public holidays (computed per year) and company-specific closed days.
/// Immutable: <see cref="WithClosedDays"/> returns a new calendar.
/// </summary>
public sealed class BusinessCalendar : IBusinessCalendar
{
    private readonly HashSet<DayOfWeek> _weekend;
    private readonly Func<int, IEnumerable<DateOnly>> _holidays;
    private readonly HashSet<DateOnly> _closedDays;
    private readonly Dictionary<int, HashSet<DateOnly>> _holidaysByYear = [];
    private readonly Lock _lock = new();

    public BusinessCalendar(string id, IEnumerable<DayOfWeek> weekend, Func<int, IEnumerable<DateOnly>>? holidays = null, IEnumerable<DateOnly>? closedDays = null)
    {
        Id = id;
        _weekend = [.. weekend];
        _holidays = holidays ?? (_ => []);
        _closedDays = [.. closedDays ?? []];
        if (_weekend.Count == 7)
        {
            throw new ArgumentException("A calendar needs at least one working day of the week.", nameof(weekend));
        }
    }

    public string Id { get; }

    public IReadOnlyCollection<DayOfWeek> Weekend => _weekend;

    public IReadOnlyCollection<DateOnly> ClosedDays => _closedDays;

    /// <summary>Monday to Friday, no holidays.</summary>
    public static BusinessCalendar WeekdaysOnly(string id = "weekdays") => new(id, [DayOfWeek.Saturday, DayOfWeek.Sunday]);

    /// <summary>Monday to Friday with the French public holidays (optionally those of Alsace-Moselle too).</summary>
    public static BusinessCalendar France(string id = "FR", bool alsaceMoselle = false) =>
        new(id, [DayOfWeek.Saturday, DayOfWeek.Sunday], year => FrenchPublicHolidays.For(year, alsaceMoselle).Select(h => h.Date));

    /// <summary>The same calendar with more closed days (company closures, bridges).</summary>
    public BusinessCalendar WithClosedDays(string id, IEnumerable<DateOnly> closedDays) => new(id, _weekend, _holidays, _closedDays.Concat(closedDays));

    /// <summary>The same calendar with more closed days computed per year (a company's closures, dated or recurring).</summary>
    public BusinessCalendar WithClosedDaysPerYear(string id, Func<int, IEnumerable<DateOnly>> closedDays) =>
        new(id, _weekend, year => _holidays(year).Concat(closedDays(year)), _closedDays);

    public bool IsHoliday(DateOnly date)
    {
        lock (_lock)
        {
            if (!_holidaysByYear.TryGetValue(date.Year, out var holidays))
            {
                holidays = [.. _holidays(date.Year)];
                _holidaysByYear[date.Year] = holidays;
            }

            return holidays.Contains(date);
        }
    }

    public bool IsBusinessDay(DateOnly date) => !_weekend.Contains(date.DayOfWeek) && !_closedDays.Contains(date) && !IsHoliday(date);

    public DateOnly AddBusinessDays(DateOnly date, int days)
    {
        var step = days >= 0 ? 1 : -1;
        var remaining = Math.Abs(days);
        var current = date;
        while (remaining > 0)
        {
            current = current.AddDays(step);
            if (IsBusinessDay(current))
            {
                remaining--;
            }
        }

        return current;
    }

    /// <summary>The date itself when it is a business day, otherwise the next one.</summary>
    public DateOnly NextBusinessDayOnOrAfter(DateOnly date)
    {
        var current = date;
        while (!IsBusinessDay(current))
        {
            current = current.AddDays(1);
        }

        return current;
    }

    /// <summary>Business days in (from, to]: 0 when to ≤ from.</summary>
    public int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsBusinessDay(day))
            {
                count++;
            }
        }

        return count;
    }
}

public sealed record PublicHoliday(DateOnly Date, string Name);

/// <summary>The French public holidays (Code du travail, art. L3133-1), computed for any year.</summary>
public static class FrenchPublicHolidays
{
    public static IReadOnlyList<PublicHoliday> For(int year, bool alsaceMoselle = false)
    {
        var easter = EasterSunday(year);
        var holidays = new List<PublicHoliday>
        {
            new(new DateOnly(year, 1, 1), "Jour de l'an"),
            new(easter.AddDays(1), "Lundi de Pâques"),
            new(new DateOnly(year, 5, 1), "Fête du Travail"),
            new(new DateOnly(year, 5, 8), "Victoire 1945"),
            new(easter.AddDays(39), "Ascension"),
            new(easter.AddDays(50), "Lundi de Pentecôte"),
            new(new DateOnly(year, 7, 14), "Fête nationale"),
            new(new DateOnly(year, 8, 15), "Assomption"),
            new(new DateOnly(year, 11, 1), "Toussaint"),
            new(new DateOnly(year, 11, 11), "Armistice 1918"),
            new(new DateOnly(year, 12, 25), "Noël"),
        };
        if (alsaceMoselle)
        {
            holidays.Add(new(easter.AddDays(-2), "Vendredi saint"));
            holidays.Add(new(new DateOnly(year, 12, 26), "Saint Étienne"));
        }

        return [.. holidays.OrderBy(h => h.Date)];
    }

    /// <summary>Gregorian Easter Sunday (the anonymous algorithm of Meeus, Jones and Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}

/// <summary>Where the runtime finds the calendar an instance names (one per company, or shared ones like "FR").</summary>
public interface ICalendarProvider
{
    /// <summary>
    /// The calendar, read where it lives (a company's closed days are in its settings): the runtime asks this way before
    /// every step, so a change to a calendar is counted by the next step.
    /// </summary>
    ValueTask<IBusinessCalendar> GetAsync(string calendarId, CancellationToken cancellationToken);
}

public sealed class CalendarRegistry : ICalendarProvider
{
    private readonly Dictionary<string, IBusinessCalendar> _calendars = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public CalendarRegistry(IBusinessCalendar defaultCalendar)
    {
        Default = defaultCalendar;
        _calendars[defaultCalendar.Id] = defaultCalendar;
    }

    public IBusinessCalendar Default { get; }

    /// <summary>A registry whose default is the French calendar "FR".</summary>
    public static CalendarRegistry WithFrance() => new(BusinessCalendar.France());

    public CalendarRegistry Add(IBusinessCalendar calendar)
    {
        lock (_lock)
        {
            _calendars[calendar.Id] = calendar;
        }

        return this;
    }

    /// <summary>The named calendar, or the default one for an unknown id.</summary>
    public IBusinessCalendar Get(string calendarId)
    {
        lock (_lock)
        {
            return _calendars.TryGetValue(calendarId, out var calendar) ? calendar : Default;
        }
    }

    public ValueTask<IBusinessCalendar> GetAsync(string calendarId, CancellationToken cancellationToken) => ValueTask.FromResult(Get(calendarId));
}
