using Etrepaye.Access.Contracts;
using Etrepaye.Guarantees.Contracts;
using CompanyDay = Etrepaye.Guarantees.Cover.CompanyDay;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Hosting;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Etrepaye.Guarantees.Checks;

/// <summary>
/// The daily check, once per company and local business day: guarantees whose expiry date has passed become Expired
/// (<see cref="GuaranteeExpired"/>), and every open invoice of an insured buyer overdue beyond its policy's maximum extension
/// gets its declaration duty. The day is claimed with a conditional UPDATE in the transaction that writes the results, so two
/// host processes never both run it, and a second run on the same day does nothing.
/// </summary>
internal sealed class GuaranteesDailyChecker(IServiceScopeFactory scopeFactory, TimeProvider timeProvider)
{
    /// <summary>Checks every company that holds guarantees or policies; returns how many changes (expiries, duties) it made.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        List<(Guid CompanyId, DateOnly Today)> companies = [];
        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuaranteesDbContext>();
            var directory = scope.ServiceProvider.GetRequiredService<ICompanyDirectory>();
            var ids = await db.Guarantees.IgnoreQueryFilters().Select(g => g.CompanyId)
                .Union(db.Policies.IgnoreQueryFilters().Select(p => p.CompanyId))
                .Distinct().ToListAsync(cancellationToken);
            foreach (var id in ids)
            {
                var company = await directory.FindAsync(id, cancellationToken);
                companies.Add((id, CompanyDay.Today(timeProvider, company?.TimeZone ?? "UTC")));
            }
        }

        var changes = 0;
        foreach (var (companyId, today) in companies)
        {
            changes += await CheckCompanyAsync(companyId, today, cancellationToken);
        }

        if (changes > 0)
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            scope.ServiceProvider.GetService<OutboxSignal>()?.Notify();
        }

        return changes;
    }

    public async Task<int> CheckCompanyAsync(Guid companyId, DateOnly today, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "guarantees-daily-check");
        var db = scope.ServiceProvider.GetRequiredService<GuaranteesDbContext>();
        if (await db.DailyChecks.AnyAsync(c => c.LastCheckedDate >= today, cancellationToken))
        {
            return 0;
        }

        // The ledger is read before the transaction: it belongs to another module and its own database context.
        var receivables = scope.ServiceProvider.GetRequiredService<IReceivablesQueries>();
        var candidates = new List<(InsurancePolicy Policy, OverdueInvoice Invoice)>();
        foreach (var (policy, limit) in await InsurerDuties.InsuredAsync(db, null, today, cancellationToken))
        {
            var items = await receivables.GetOpenItemsAsync(limit.CustomerId, today, cancellationToken);
            candidates.AddRange(items
                .Where(i => i.Type == "Invoice" && i.DueDate is { } due && policy.IsBeyondMaxExtension(due, today))
                .Select(i => (policy, new OverdueInvoice(limit.CustomerId, i.ItemId, i.Reference, i.OpenAmount.Amount, i.OpenAmount.Currency, i.DueDate!.Value))));
        }

        db.CurrentAction = "GuaranteesDailyCheck";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.DailyChecks.Where(c => c.LastCheckedDate < today)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.LastCheckedDate, today), cancellationToken);
        if (claimed == 0)
        {
            if (await db.DailyChecks.AnyAsync(cancellationToken))
            {
                return 0;
            }

            db.DailyChecks.Add(new GuaranteesDailyCheck { CompanyId = companyId, LastCheckedDate = today });
        }

        var changes = 0;
        var expired = await db.Guarantees
            .Where(g => (g.Status == GuaranteeStatus.Active || g.Status == GuaranteeStatus.Called) && g.ExpiryDate < today)
            .ToListAsync(cancellationToken);
        foreach (var guarantee in expired)
        {
            db.StatusChanges.Add(new GuaranteeStatusChange
            {
                Id = Ids.New(timeProvider),
                CompanyId = companyId,
                GuaranteeId = guarantee.Id,
                FromStatus = guarantee.Status,
                ToStatus = GuaranteeStatus.Expired,
                EffectiveDate = guarantee.ExpiryDate.AddDays(1),
                At = timeProvider.GetUtcNow(),
                ChangedBy = "system:guarantees-daily-check",
                Reason = "The expiry date has passed.",
            });
            guarantee.Status = GuaranteeStatus.Expired;
            db.Publish(new GuaranteeExpired(companyId, guarantee.Id, guarantee.CustomerId, guarantee.Type.ToString(), guarantee.ExpiryDate));
            changes++;
        }

        foreach (var (policy, invoice) in candidates)
        {
            if (await InsurerDuties.EnsureDeclarationAsync(db, timeProvider, policy, invoice, today, cancellationToken) is not null)
            {
                changes++;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (claimed == 0)
        {
            // Another process inserted the company's first check row at the same time: that run does the work.
            return 0;
        }

        return changes;
    }
}

internal sealed class GuaranteesOptions
{
    public const string SectionName = "Guarantees";

    public bool DailyCheckEnabled { get; set; } = true;

    public TimeSpan DailyCheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Runs the daily check every few minutes, so that each company is checked soon after its local midnight.</summary>
internal sealed class GuaranteesDailyCheckWorker(
    GuaranteesDailyChecker checker, IOptions<GuaranteesOptions> options, TimeProvider timeProvider, ILogger<GuaranteesDailyCheckWorker> logger)
    : PollingWorker(timeProvider, logger)
{
    protected override bool Enabled => options.Value.DailyCheckEnabled;

    protected override TimeSpan PollInterval => options.Value.DailyCheckInterval;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await checker.CheckAsync(cancellationToken);
        return 0;
    }
}
