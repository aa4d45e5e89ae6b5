using System.Collections.Concurrent;
using Etrepaye.Access.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.CreditLimits.Exposure;

/// <summary>
/// Today in a company's time zone. The zone is read from the company directory once every few minutes per company, so that
/// the order check does not pay a query for it on each call.
/// </summary>
internal sealed class CompanyClock(IServiceScopeFactory scopeFactory, TimeProvider timeProvider)
{
    private static readonly TimeSpan _cacheFor = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<Guid, (TimeZoneInfo Zone, string Currency, DateTimeOffset ReadAt)> _companies = new();

    public TimeProvider Time => timeProvider;

    public async Task<DateOnly> TodayAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var (zone, _) = await CompanyAsync(companyId, cancellationToken);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime);
    }

    /// <summary>The company's reporting currency (the default authority currency).</summary>
    public async Task<string> CurrencyAsync(Guid companyId, CancellationToken cancellationToken) => (await CompanyAsync(companyId, cancellationToken)).Currency;

    private async Task<(TimeZoneInfo Zone, string Currency)> CompanyAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_companies.TryGetValue(companyId, out var cached) && now - cached.ReadAt < _cacheFor)
        {
            return (cached.Zone, cached.Currency);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var company = await scope.ServiceProvider.GetRequiredService<ICompanyDirectory>().FindAsync(companyId, cancellationToken);
        var zone = company is not null && TimeZoneInfo.TryFindSystemTimeZoneById(company.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var entry = (zone, company?.Currency ?? "EUR", now);
        _companies[companyId] = entry;
        return (zone, entry.Item2);
    }
}
