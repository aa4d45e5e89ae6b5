using System.Collections.Concurrent;
using Etrepaye.Access.Contracts;
using Etrepaye.Access.Data;
using Etrepaye.Access.Domain;
using Etrepaye.Shared.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Access.Setup;

/// <summary>
/// Company settings change rarely and are read on hot paths (the order check, every procedure start), so they are cached
/// per company for five minutes; an update through this process forgets its entry at once, another host sees it later.
/// A business calendar is cached for 30 seconds only: a closed day added through another host process is counted by
/// every business-day computation here at most 30 seconds later.
/// </summary>
internal sealed class CompanyClock(IServiceScopeFactory scopeFactory, TimeProvider timeProvider) : ICompanyClock
{
    public const string WeekdaysCalendarId = "weekdays";
    public static readonly TimeSpan CalendarCacheBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _cacheFor = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<Guid, CachedCompany> _companies = new();
    private readonly ConcurrentDictionary<Guid, (CompanyBusinessCalendar Calendar, DateTimeOffset ReadAt)> _calendars = new();

    public TimeProvider Time => timeProvider;

    public async Task<DateOnly> TodayAsync(Guid companyId, CancellationToken cancellationToken) =>
        (await DayAsync(companyId, cancellationToken)).Today;

    public async Task<DateOnly> DateAtAsync(Guid companyId, DateTimeOffset instant, CancellationToken cancellationToken) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, (await CompanyAsync(companyId, cancellationToken)).Zone).DateTime);

    public async Task<CompanyDay> DayAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var company = await CompanyAsync(companyId, cancellationToken);
        var today = BusinessDates.Today(timeProvider, company.Zone);
        return new CompanyDay(companyId, today, company.TimeZone, company.Known ? CompanyBusinessCalendar.IdFor(companyId) : WeekdaysCalendarId, company.Currency);
    }

    public async Task<CompanyBusinessCalendar> CalendarAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_calendars.TryGetValue(companyId, out var cached) && now - cached.ReadAt < CalendarCacheBound)
        {
            return cached.Calendar;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDbContext>();
        var company = await db.Companies.AsNoTracking()
            .Where(c => c.Id == companyId)
            .Select(c => new { c.Country, c.BaseCalendar })
            .SingleOrDefaultAsync(cancellationToken);
        if (company is null)
        {
            return new CompanyBusinessCalendar(companyId, WeekdaysCalendarId, []);
        }

        var closedDays = await db.ClosedDays.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.CompanyId == companyId)
            .ToListAsync(cancellationToken);
        var calendar = new CompanyBusinessCalendar(companyId, BaseCalendarId(company.Country, company.BaseCalendar), [.. closedDays.OrderBy(d => d.FromDate).ThenBy(d => d.Month).ThenBy(d => d.Day).Select(ToContract)]);
        _calendars[companyId] = (calendar, now);
        return calendar;
    }

    public void Forget(Guid companyId)
    {
        _companies.TryRemove(companyId, out _);
        _calendars.TryRemove(companyId, out _);
    }

    public static string CalendarFor(string country) =>
        string.Equals(country, "FR", StringComparison.OrdinalIgnoreCase) ? "FR" : WeekdaysCalendarId;

    public static string BaseCalendarId(string country, BaseCalendar baseCalendar) =>
        baseCalendar == BaseCalendar.WeekdaysOnly ? WeekdaysCalendarId : CalendarFor(country);

    public static CompanyClosedDay ToContract(ClosedDay day) => new(day.Id, day.Label, day.FromDate, day.ToDate, day.Month, day.Day);

    private async Task<CachedCompany> CompanyAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_companies.TryGetValue(companyId, out var cached) && now - cached.ReadAt < _cacheFor)
        {
            return cached;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var company = await scope.ServiceProvider.GetRequiredService<AccessDbContext>().Companies.AsNoTracking()
            .Where(c => c.Id == companyId)
            .Select(c => new { c.TimeZone, c.Currency })
            .SingleOrDefaultAsync(cancellationToken);
        var timeZone = company?.TimeZone ?? "UTC";
        var entry = new CachedCompany(BusinessDates.Zone(timeZone), timeZone, company is not null, company?.Currency ?? "EUR", now);
        // An unknown company is not cached: it may be being created.
        if (company is not null)
        {
            _companies[companyId] = entry;
        }

        return entry;
    }

    private sealed record CachedCompany(TimeZoneInfo Zone, string TimeZone, bool Known, string Currency, DateTimeOffset ReadAt);
}
