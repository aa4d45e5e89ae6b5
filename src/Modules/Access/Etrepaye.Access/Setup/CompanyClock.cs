using System.Collections.Concurrent;
using Etrepaye.Access.Contracts;
using Etrepaye.Access.Data;
using Etrepaye.Shared.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Access.Setup;

/// <summary>
/// Company settings change rarely and are read on hot paths (the order check, every procedure start), so they are cached
/// per company for five minutes; an update through this process forgets its entry at once, another host sees it later.
/// </summary>
internal sealed class CompanyClock(IServiceScopeFactory scopeFactory, TimeProvider timeProvider) : ICompanyClock
{
    public const string WeekdaysCalendarId = "weekdays";
    private static readonly TimeSpan _cacheFor = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<Guid, CachedCompany> _companies = new();

    public TimeProvider Time => timeProvider;

    public async Task<DateOnly> TodayAsync(Guid companyId, CancellationToken cancellationToken) =>
        (await DayAsync(companyId, cancellationToken)).Today;

    public async Task<DateOnly> DateAtAsync(Guid companyId, DateTimeOffset instant, CancellationToken cancellationToken) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, (await CompanyAsync(companyId, cancellationToken)).Zone).DateTime);

    public async Task<CompanyDay> DayAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var company = await CompanyAsync(companyId, cancellationToken);
        var today = BusinessDates.Today(timeProvider, company.Zone);
        return new CompanyDay(companyId, today, company.TimeZone, company.CalendarId, company.Currency);
    }

    public void Forget(Guid companyId) => _companies.TryRemove(companyId, out _);

    public static string CalendarFor(string country) =>
        string.Equals(country, "FR", StringComparison.OrdinalIgnoreCase) ? "FR" : WeekdaysCalendarId;

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
            .Select(c => new { c.TimeZone, c.Country, c.Currency })
            .SingleOrDefaultAsync(cancellationToken);
        var timeZone = company?.TimeZone ?? "UTC";
        var entry = new CachedCompany(BusinessDates.Zone(timeZone), timeZone, CalendarFor(company?.Country ?? ""), company?.Currency ?? "EUR", now);
        // An unknown company is not cached: it may be being created.
        if (company is not null)
        {
            _companies[companyId] = entry;
        }

        return entry;
    }

    private sealed record CachedCompany(TimeZoneInfo Zone, string TimeZone, string CalendarId, string Currency, DateTimeOffset ReadAt);
}
