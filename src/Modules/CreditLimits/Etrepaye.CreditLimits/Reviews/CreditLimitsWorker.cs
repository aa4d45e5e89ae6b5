using Etrepaye.Access.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Requests;
using Etrepaye.Shared.Hosting;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Etrepaye.CreditLimits.Reviews;

internal sealed class CreditLimitsOptions
{
    public const string SectionName = "CreditLimits";

    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the worker starts waiting procedures; the daily review check runs at most every <see cref="DailyCheckInterval"/>.</summary>
    public TimeSpan WorkerInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan DailyCheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// The periodic review: once per company and local business day, every limit whose review date has come gets a review
/// request (unless one is pending). The day is claimed with a conditional UPDATE in the transaction that opens the reviews,
/// so two host processes never both run it.
/// </summary>
internal sealed class CreditLimitsDailyChecker(IServiceScopeFactory scopeFactory, ICompanyClock clock)
{
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        List<Guid> companies;
        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditLimitsDbContext>();
            companies = await db.Limits.IgnoreQueryFilters().Where(l => l.ReviewDate != null).Select(l => l.CompanyId).Distinct().ToListAsync(cancellationToken);
        }

        var opened = 0;
        foreach (var companyId in companies)
        {
            opened += await CheckCompanyAsync(companyId, await clock.TodayAsync(companyId, cancellationToken), cancellationToken);
        }

        return opened;
    }

    public async Task<int> CheckCompanyAsync(Guid companyId, DateOnly today, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "credit-limits-daily-check");
        var db = scope.ServiceProvider.GetRequiredService<CreditLimitsDbContext>();
        if (await db.DailyChecks.AnyAsync(c => c.LastCheckedDate >= today, cancellationToken))
        {
            return 0;
        }

        var requests = scope.ServiceProvider.GetRequiredService<CreditRequests>();
        db.CurrentAction = "CreditLimitsDailyCheck";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.DailyChecks.Where(c => c.LastCheckedDate < today)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.LastCheckedDate, today), cancellationToken);
        if (claimed == 0)
        {
            if (await db.DailyChecks.AnyAsync(cancellationToken))
            {
                return 0;
            }

            db.DailyChecks.Add(new CreditDailyCheck { CompanyId = companyId, LastCheckedDate = today });
        }

        var due = await db.Limits.Where(l => l.ReviewDate != null && l.ReviewDate <= today).Select(l => new { l.CustomerId, l.ReviewDate }).ToListAsync(cancellationToken);
        var opened = 0;
        foreach (var limit in due)
        {
            if (await requests.OpenReviewAsync(limit.CustomerId, CreditRequestTrigger.PeriodicReview, $"Periodic review due on {limit.ReviewDate:yyyy-MM-dd}", cancellationToken) is not null)
            {
                opened++;
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

        return opened;
    }
}

/// <summary>Runs the daily review check and starts the procedures of requests opened by events or by the check.</summary>
internal sealed class CreditLimitsWorker(
    IServiceScopeFactory scopeFactory, CreditLimitsDailyChecker checker, IOptions<CreditLimitsOptions> options, TimeProvider timeProvider, ILogger<CreditLimitsWorker> logger)
    : PollingWorker(timeProvider, logger)
{
    private DateTimeOffset _nextDailyCheck = DateTimeOffset.MinValue;

    protected override bool Enabled => options.Value.WorkerEnabled;

    protected override TimeSpan PollInterval => options.Value.WorkerInterval;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (TimeProvider.GetUtcNow() >= _nextDailyCheck)
        {
            await checker.CheckAsync(cancellationToken);
            _nextDailyCheck = TimeProvider.GetUtcNow() + options.Value.DailyCheckInterval;
        }

        // A request opened through the API starts its procedure itself; the worker leaves it a few seconds to do so.
        return await StartWaitingProceduresAsync(scopeFactory, TimeProvider.GetUtcNow().AddSeconds(-3), cancellationToken);
    }

    public static async Task<int> StartWaitingProceduresAsync(IServiceScopeFactory scopeFactory, DateTimeOffset openedBefore, CancellationToken cancellationToken)
    {
        List<Guid> companies;
        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            companies = await scope.ServiceProvider.GetRequiredService<CreditLimitsDbContext>().Requests.IgnoreQueryFilters()
                .Where(r => r.Status == CreditRequestStatus.Pending && r.InstanceId == null && r.ProcedureProblem == null && r.RequestedAt < openedBefore)
                .Select(r => r.CompanyId).Distinct().ToListAsync(cancellationToken);
        }

        var started = 0;
        foreach (var companyId in companies)
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "credit-request-procedures");
            var procedures = scope.ServiceProvider.GetRequiredService<RequestProcedures>();
            foreach (var requestId in await procedures.WaitingToStartAsync(openedBefore, cancellationToken))
            {
                await procedures.StartAsync(requestId, cancellationToken);
                started++;
            }
        }

        if (started > 0)
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            scope.ServiceProvider.GetService<OutboxSignal>()?.Notify();
        }

        return started;
    }
}
