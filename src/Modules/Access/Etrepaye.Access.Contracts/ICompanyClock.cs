namespace Etrepaye.Access.Contracts;

/// <summary>A company's business date, and the zone and calendar it is counted in.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="Today">Today's date in the company's time zone.</param>
/// <param name="TimeZone">The company's IANA time zone ("UTC" for an unknown company).</param>
/// <param name="CalendarId">
/// The engine's business calendar of the company: "company:" and its id (see <see cref="CompanyBusinessCalendar.IdFor"/>), which
/// counts the company's base calendar (French public holidays or weekdays only) and its own closed days; "weekdays" for
/// an unknown company.
/// </param>
/// <param name="Currency">The company's reporting currency.</param>
public sealed record CompanyDay(Guid CompanyId, DateOnly Today, string TimeZone, string CalendarId, string Currency);

/// <summary>
/// The one place every module asks for a company's "today": due dates, reminders, guarantees and limits are business dates
/// in the company's zone, not UTC dates. Company settings are cached for a few minutes, so asking costs no query; the
/// business calendar is cached for 30 seconds at most (a change through this process is seen at once).
/// </summary>
public interface ICompanyClock
{
    /// <summary>The clock the dates are read from.</summary>
    TimeProvider Time { get; }

    /// <summary>Today in the company's time zone.</summary>
    Task<DateOnly> TodayAsync(Guid companyId, CancellationToken cancellationToken);

    /// <summary>The company's date at an instant (for workers that run on a clock of their own).</summary>
    Task<DateOnly> DateAtAsync(Guid companyId, DateTimeOffset instant, CancellationToken cancellationToken);

    /// <summary>Today, with the zone, the business calendar and the currency of the company.</summary>
    Task<CompanyDay> DayAsync(Guid companyId, CancellationToken cancellationToken);

    /// <summary>The company's business calendar: its base calendar and its own closed days.</summary>
    Task<CompanyBusinessCalendar> CalendarAsync(Guid companyId, CancellationToken cancellationToken);
}
