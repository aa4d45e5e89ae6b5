using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Shared.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Etrepaye.Receivables.Ledger;

/// <summary>
/// The daily overdue check: once a company's local date has moved on past the last checked date L to T, every open invoice
/// whose due date is in [L, T − 1] became overdue since the last check, and <see cref="InvoiceBecameOverdue"/> is published for it.
/// The claim of the day (a conditional update of the checked date from L to T), the events and the new date commit in one
/// transaction, so a repeated check on the same day, or the same check run by another host process at the same time, publishes
/// nothing. The first check of a company looks back one day only (no flood of history).
/// </summary>
internal sealed class OverdueChecker(IServiceScopeFactory scopeFactory, TimeProvider timeProvider)
{
    /// <summary>Checks every company whose local day has changed; returns how many events were published.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var company in await CompaniesAsync(cancellationToken))
        {
            var today = BusinessDates.Today(timeProvider, company.TimeZone);
            if (company.LastCheckedDate is null || company.LastCheckedDate < today)
            {
                published += await CheckCompanyAsync(company.CompanyId, company.LastCheckedDate, today, cancellationToken);
            }
        }

        if (published > 0)
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            scope.ServiceProvider.GetService<OutboxSignal>()?.Notify();
        }

        return published;
    }

    /// <summary>Every company's time zone and the last date it was checked for, in one query.</summary>
    public async Task<List<CompanySchedule>> CompaniesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        return await db.Settings.IgnoreQueryFilters().AsNoTracking()
            .Select(s => new CompanySchedule(
                s.CompanyId, s.TimeZone,
                db.OverdueChecks.IgnoreQueryFilters().Where(c => c.CompanyId == s.CompanyId).Select(c => (DateOnly?)c.LastCheckedDate).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    private async Task<int> CheckCompanyAsync(Guid companyId, DateOnly? lastChecked, DateOnly today, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "overdue-check");
        var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        var since = lastChecked ?? today.AddDays(-1);
        if (lastChecked is null && !await StartCheckingAsync(db, companyId, since, cancellationToken))
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The claim comes first in the transaction: a second process blocks on it, then finds the date already moved and stops.
        var claimed = await db.OverdueChecks.Where(c => c.CompanyId == companyId && c.LastCheckedDate == since)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.LastCheckedDate, today), cancellationToken);
        if (claimed == 0)
        {
            return 0;
        }

        var invoices = await db.Items.AsNoTracking()
            .Where(i => i.Type == ItemType.Invoice && i.Status == ItemStatus.Open && i.DueDate >= since && i.DueDate < today)
            .ToListAsync(cancellationToken);
        foreach (var invoice in invoices)
        {
            db.Publish(new InvoiceBecameOverdue(companyId, invoice.CustomerId, invoice.Id, invoice.Reference, new Money(invoice.OpenAmount, invoice.Currency), invoice.DueDate!.Value));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return invoices.Count;
    }

    /// <summary>Records the company's first checked date (the day before today); false when another process recorded one first.</summary>
    private static async Task<bool> StartCheckingAsync(ReceivablesDbContext db, Guid companyId, DateOnly since, CancellationToken cancellationToken)
    {
        db.OverdueChecks.Add(new OverdueCheck { CompanyId = companyId, LastCheckedDate = since });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}

internal sealed record CompanySchedule(Guid CompanyId, string TimeZone, DateOnly? LastCheckedDate);

/// <summary>When the next company reaches its local midnight.</summary>
internal static class OverdueCheckSchedule
{
    /// <summary>The longest sleep: companies created or moved to another time zone meanwhile are seen within this delay.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);

    /// <summary>The first instant after <paramref name="now"/> when one of the zones reaches midnight.</summary>
    public static DateTimeOffset? NextMidnight(DateTimeOffset now, IEnumerable<string> timeZones) =>
        timeZones.Distinct().Select(zone => (DateTimeOffset?)NextMidnight(now, zone)).Min();

    public static DateTimeOffset NextMidnight(DateTimeOffset now, string timeZone)
    {
        var zone = BusinessDates.Zone(timeZone);
        var midnight = TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(1);
        // Where clocks jump forward at midnight, the day starts at the first valid local time.
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(15);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(midnight, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }

    /// <summary>How long to sleep: until the next local midnight (plus a second, so that the date has changed), at most <see cref="MaxSleep"/>.</summary>
    public static TimeSpan Delay(DateTimeOffset now, IEnumerable<string> timeZones)
    {
        var next = NextMidnight(now, timeZones);
        var delay = next is null ? MaxSleep : next.Value - now + TimeSpan.FromSeconds(1);
        return delay < MaxSleep ? delay : MaxSleep;
    }
}

/// <summary>
/// Runs the overdue check at each company's local midnight: it checks the companies whose day has changed (also at start-up, to catch
/// up), then sleeps until the next company reaches its midnight (at most an hour, to see new companies and time-zone changes).
/// </summary>
internal sealed partial class OverdueCheckService(OverdueChecker checker, TimeProvider timeProvider, ILogger<OverdueCheckService> logger) : BackgroundService
{
    private static readonly TimeSpan _retryDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                await checker.CheckAsync(stoppingToken);
                var companies = await checker.CompaniesAsync(stoppingToken);
                delay = OverdueCheckSchedule.Delay(timeProvider.GetUtcNow(), companies.Select(c => c.TimeZone));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogCheckFailed(exception);
                delay = _retryDelay;
            }

            try
            {
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The overdue check failed; it runs again in a minute.")]
    private partial void LogCheckFailed(Exception exception);
}
