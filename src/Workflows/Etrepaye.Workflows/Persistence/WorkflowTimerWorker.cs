using Etrepaye.Shared.Hosting;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Etrepaye.Workflows.Persistence;

/// <summary>
/// Fires due timers from the database. Timers are claimed with a lease by an atomic conditional UPDATE
/// (only rows still free at that instant get this claim's token), so any number of processes share the
/// work and a crashed process's timers are taken over when its lease expires. Nothing pending is held in
/// memory. A claimed batch is split by company into chunks; each chunk's steps run in one scope for
/// that company and commit in one transaction with the deletion of their timer rows (chunks run in
/// parallel on PostgreSQL); the instance version makes a second firing (an expired lease taken over, a
/// racing stimulus) a no-op.
/// </summary>
internal sealed partial class WorkflowTimerWorker(
    IServiceScopeFactory scopeFactory,
    IOptions<WorkflowEngineOptions> options,
    TimeProvider timeProvider,
    ILogger<WorkflowTimerWorker> logger) : PollingWorker(timeProvider, logger)
{
    private long _claims;

    protected override bool Enabled => options.Value.WorkersEnabled;

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    /// <summary>Claims one batch of due timers and fires them; returns how many were claimed.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (claimed, isSqlite) = await ClaimAsync(cancellationToken);
        var parallelism = isSqlite ? 1 : Math.Max(1, settings.TimerParallelism);

        // A chunk is one company's timers (a scope works for one company) committed in one transaction.
        var chunks = claimed
            .GroupBy(t => t.CompanyId)
            .SelectMany(company => company.Chunk(Math.Max(1, settings.TimerCommitSize)))
            .ToList();
        await Parallel.ForEachAsync(
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (chunk, ct) => await FireChunkAsync(chunk, ct));
        if (claimed.Count > 0)
        {
            LogBatchFired(logger, claimed.Count, Owner);
        }

        return claimed.Count;
    }

    private async Task FireChunkAsync(WorkflowTimerRow[] rows, CancellationToken cancellationToken)
    {
        if (rows.Length == 1)
        {
            await FireAsync(rows[0], cancellationToken);
            return;
        }

        var timers = rows.Select(r => EfWorkflowStore.Read<Runtime.WorkflowTimer>(r.Data)).ToList();
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(rows[0].CompanyId, "workflow-timer");
            var results = await scope.ServiceProvider.GetRequiredService<WorkflowHost>().FireTimersAsync(timers, cancellationToken);

            // Timers whose instance no longer waits on them (gone, finished, already fired): drop the rows.
            var stale = rows.Where((_, i) => results[i] is not { Applied: true }).Select(r => r.Id).ToList();
            if (stale.Count > 0)
            {
                var owner = rows[0].LeaseOwner;
                await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Timers.IgnoreQueryFilters()
                    .Where(t => stale.Contains(t.Id) && t.LeaseOwner == owner)
                    .ExecuteDeleteAsync(cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One failing step (an activity bug, a lost connection) must not hold back the others: fire each alone,
            // where a failure only delays its own timer.
            LogChunkFailed(logger, rows.Length, exception);
            foreach (var row in rows)
            {
                await FireAsync(row, cancellationToken);
            }
        }
    }

    private async Task<(List<WorkflowTimerRow> Claimed, bool IsSqlite)> ClaimAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();

        // Workers that looked at the same due rows race for them; the loser looks again at what is left.
        for (var round = 0; round < 10; round++)
        {
            var now = TimeProvider.GetUtcNow();
            var leaseUntil = now + settings.Lease;
            var token = $"{Owner}:{Interlocked.Increment(ref _claims)}";
            var candidates = await db.Timers.IgnoreQueryFilters()
                .Where(t => t.DueAt <= now && (t.LeaseUntil == null || t.LeaseUntil < now))
                .OrderBy(t => t.DueAt)
                .Select(t => t.Id)
                .Take(settings.TimerBatchSize)
                .ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                return ([], db.IsSqlite);
            }

            // The claim: only rows still free at this instant get this claim's token.
            await db.Timers.IgnoreQueryFilters()
                .Where(t => candidates.Contains(t.Id) && (t.LeaseUntil == null || t.LeaseUntil < now))
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.LeaseUntil, leaseUntil).SetProperty(t => t.LeaseOwner, token), cancellationToken);
            var claimed = await db.Timers.IgnoreQueryFilters().AsNoTracking()
                .Where(t => candidates.Contains(t.Id) && t.LeaseOwner == token)
                .OrderBy(t => t.DueAt)
                .ToListAsync(cancellationToken);
            if (claimed.Count > 0)
            {
                return (claimed, db.IsSqlite);
            }
        }

        return ([], db.IsSqlite);
    }

    private async Task FireAsync(WorkflowTimerRow row, CancellationToken cancellationToken)
    {
        var timer = EfWorkflowStore.Read<Runtime.WorkflowTimer>(row.Data);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(row.CompanyId, "workflow-timer");
            var store = scope.ServiceProvider.GetRequiredService<EfWorkflowStore>();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            store.TimerFiring = row.Id;
            try
            {
                var result = await scope.ServiceProvider.GetRequiredService<WorkflowHost>().FireTimerAsync(timer, cancellationToken);
                if (result is not { Applied: true })
                {
                    // The instance no longer waits on this timer (gone, finished, already fired): drop the row.
                    await db.Timers.IgnoreQueryFilters().Where(t => t.Id == row.Id && t.LeaseOwner == row.LeaseOwner).ExecuteDeleteAsync(cancellationToken);
                }

                return;
            }
            catch (WorkflowConcurrencyException) when (attempt < options.Value.ConcurrencyRetries)
            {
                // Another step (a stimulus, a task completion) committed first: reload and fire again.
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var retryAt = TimeProvider.GetUtcNow() + options.Value.RetryDelay(attempt);
                LogTimerFailed(logger, row.Id, row.InstanceId, retryAt, exception);
                await db.Timers.IgnoreQueryFilters()
                    .Where(t => t.Id == row.Id && t.LeaseOwner == row.LeaseOwner)
                    .ExecuteUpdateAsync(set => set.SetProperty(t => t.LeaseUntil, retryAt), CancellationToken.None);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fired {Count} workflow timers ({Owner})")]
    private static partial void LogBatchFired(ILogger logger, int count, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} timers failed; firing them one by one")]
    private static partial void LogChunkFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer {TimerId} of instance {InstanceId} failed; retry at {RetryAt}")]
    private static partial void LogTimerFailed(ILogger logger, Guid timerId, Guid instanceId, DateTimeOffset retryAt, Exception exception);
}
