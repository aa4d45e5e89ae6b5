using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Etrepaye.Receivables.Ledger;

/// <summary>
/// The daily overdue check: once a company's local date has moved on past the last checked date L to T, every open invoice
/// whose due date is in [L, T − 1] became overdue since the last check, and <see cref="InvoiceBecameOverdue"/> is published for it.
/// The events and the new checked date commit in one transaction, so a repeated check on the same day publishes nothing.
/// The first check of a company looks back one day only (no flood of history).
/// </summary>
internal sealed class OverdueChecker(IServiceScopeFactory scopeFactory, TimeProvider timeProvider)
{
    /// <summary>Checks every company whose local day has changed; returns how many events were published.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        List<(Guid CompanyId, string TimeZone)> companies;
        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
            companies = (await db.Settings.IgnoreQueryFilters().AsNoTracking().Select(s => new { s.CompanyId, s.TimeZone }).ToListAsync(cancellationToken))
                .Select(s => (s.CompanyId, s.TimeZone)).ToList();
        }

        var published = 0;
        foreach (var (companyId, timeZone) in companies)
        {
            published += await CheckCompanyAsync(companyId, BusinessDay.Today(timeProvider, timeZone), cancellationToken);
        }

        if (published > 0)
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            scope.ServiceProvider.GetService<OutboxSignal>()?.Notify();
        }

        return published;
    }

    private async Task<int> CheckCompanyAsync(Guid companyId, DateOnly today, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "overdue-check");
        var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        var check = await db.OverdueChecks.SingleOrDefaultAsync(cancellationToken);
        if (check is not null && check.LastCheckedDate >= today)
        {
            return 0;
        }

        var since = check?.LastCheckedDate ?? today.AddDays(-1);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoices = await db.Items.AsNoTracking()
            .Where(i => i.Type == ItemType.Invoice && i.Status == ItemStatus.Open && i.DueDate >= since && i.DueDate < today)
            .ToListAsync(cancellationToken);
        foreach (var invoice in invoices)
        {
            db.Publish(new InvoiceBecameOverdue(companyId, invoice.CustomerId, invoice.Id, invoice.Reference, new Money(invoice.OpenAmount, invoice.Currency), invoice.DueDate!.Value));
        }

        if (check is null)
        {
            db.OverdueChecks.Add(new OverdueCheck { CompanyId = companyId, LastCheckedDate = today });
        }
        else
        {
            check.LastCheckedDate = today;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return invoices.Count;
    }
}

/// <summary>Runs the overdue check every few minutes, so that each company is checked soon after its local midnight.</summary>
internal sealed partial class OverdueCheckService(OverdueChecker checker, ILogger<OverdueCheckService> logger) : BackgroundService
{
    private static readonly TimeSpan _interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await checker.CheckAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogCheckFailed(exception);
            }

            try
            {
                await Task.Delay(_interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The overdue check failed; it runs again at the next interval.")]
    private partial void LogCheckFailed(Exception exception);
}
