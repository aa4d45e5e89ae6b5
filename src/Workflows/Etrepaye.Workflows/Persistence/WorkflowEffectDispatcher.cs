using System.Linq.Expressions;
using System.Text.Json;
using Etrepaye.Shared.Hosting;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Etrepaye.Workflows.Persistence;

/// <summary>An effect command handed to its module's handler after the step that asked for it committed.</summary>
public sealed record EffectRequest(
    string IdempotencyKey,
    Guid InstanceId,
    Guid CompanyId,
    string ActivityId,
    string EffectType,
    JsonElement Payload,
    int Attempt);

/// <summary>
/// Performs one type of effect (a letter, an e-mail, a handover). Modules implement it and register it
/// with <see cref="WorkflowsRegistration.AddEffectHandler{THandler}"/>. The dispatcher calls it once per
/// idempotency key and records the result; a handler that talks to an outside system passes the key on,
/// so that a call repeated after a crash between sending and recording is recognised by the receiver.
/// </summary>
public interface IEffectHandler
{
    string EffectType { get; }

    /// <summary>Returns a result to record (may be null); throws to have the effect retried with back-off.</summary>
    Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// An effect handler that can also take many effects at once (the daily run renders hundreds of reminders). The dispatcher hands it
/// the effects of its type and of one company it claimed together, in one call per sub-batch (a claim's effects of one company are
/// cut into as many sub-batches as the dispatcher runs at once, none under a minimum size), each call in its own scope; the handler performs all of them or
/// none (one transaction) and returns one result per request, in order. When the call fails, the dispatcher runs the same effects
/// again one by one through <see cref="IEffectHandler.HandleAsync"/>, each in its own scope, so that one bad effect does not hold
/// the others back: only its failure is recorded and retried.
/// </summary>
public interface IEffectBatchHandler : IEffectHandler
{
    Task<IReadOnlyList<JsonElement?>> HandleBatchAsync(IReadOnlyList<EffectRequest> requests, CancellationToken cancellationToken);
}

/// <summary>
/// Dispatches the engine's outbox of effect commands after commit: claims pending commands by lease with
/// an atomic conditional UPDATE (the timer worker's pattern), runs each command's handler in a scope for
/// its company, and records success, or the failure with a retry time (exponential back-off) until the
/// attempts run out and the command is marked failed.
/// </summary>
internal sealed partial class WorkflowEffectDispatcher(
    IServiceScopeFactory scopeFactory,
    IOptions<WorkflowEngineOptions> options,
    TimeProvider timeProvider,
    ILogger<WorkflowEffectDispatcher> logger) : PollingWorker(timeProvider, logger)
{
    private long _claims;
    private HashSet<string>? _batchTypes;

    protected override bool Enabled => options.Value.WorkersEnabled;

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    /// <summary>Claims one batch of pending effects and dispatches them; returns how many were claimed.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();

        // Dispatchers that looked at the same pending rows race for them; the loser looks again at what is left.
        for (var round = 0; round < 10; round++)
        {
            var (found, claimed) = await ClaimAndDispatchAsync(db, cancellationToken);
            if (found == 0 || claimed > 0)
            {
                return claimed;
            }
        }

        return 0;
    }

    private async Task<(int Found, int Claimed)> ClaimAndDispatchAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = TimeProvider.GetUtcNow();
        var leaseUntil = now + settings.Lease;
        var token = $"{Owner}:{Interlocked.Increment(ref _claims)}";
        var candidates = await db.Effects.IgnoreQueryFilters()
            .Where(e => e.Status == EffectStatus.Pending && (e.LeaseUntil == null || e.LeaseUntil < now))
            .OrderBy(e => e.RequestedAt)
            .Select(e => e.IdempotencyKey)
            .Take(settings.EffectBatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return (0, 0);
        }

        // The claim: only commands still pending and free at this instant get this claim's token.
        await db.Effects.IgnoreQueryFilters()
            .Where(e => candidates.Contains(e.IdempotencyKey) && e.Status == EffectStatus.Pending && (e.LeaseUntil == null || e.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.LeaseUntil, leaseUntil).SetProperty(e => e.LeaseOwner, token), cancellationToken);
        var claimed = await db.Effects.IgnoreQueryFilters().AsNoTracking()
            .Where(e => candidates.Contains(e.IdempotencyKey) && e.LeaseOwner == token && e.Status == EffectStatus.Pending)
            .OrderBy(e => e.RequestedAt)
            .ToListAsync(cancellationToken);

        // Handlers mostly wait on outside systems (SMTP, webhooks), so several run at once, each with its own context.
        var parallelism = db.Database.IsSqlite() ? 1 : Math.Max(1, settings.EffectParallelism);

        // Effects of a batch handler's type go to it together, a company at a time, cut into sub-batches so that one company's
        // hundred reminders still render several at once; the others one by one as before.
        var batchTypes = BatchTypes();
        var work = claimed.Where(e => batchTypes.Contains(e.EffectType))
            .GroupBy(e => (e.CompanyId, e.EffectType))
            .SelectMany(g => SubBatches(g.ToList(), Math.Min(parallelism, Math.Max(1, settings.EffectSubBatchParallelism)), settings.EffectSubBatchMinSize))
            .Where(g => g.Count > 1)
            .ToList();
        var batched = work.SelectMany(g => g).Select(e => e.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        work.AddRange(claimed.Where(e => !batched.Contains(e.IdempotencyKey)).Select(e => new List<EffectCommandRow> { e }));

        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (effects, dispatchToken) =>
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var effectDb = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            if (effects.Count == 1)
            {
                await DispatchAsync(effectDb, effects[0], token, dispatchToken);
            }
            else
            {
                await DispatchBatchAsync(effectDb, effects, token, dispatchToken);
            }
        });

        return (candidates.Count, claimed.Count);
    }

    /// <summary>
    /// Up to <paramref name="parallelism"/> contiguous sub-batches of nearly equal size, none smaller than <paramref name="minSize"/>
    /// unless the whole is (a batch's fixed cost, its reads and its transaction, is shared by enough effects to stay small).
    /// </summary>
    private static IEnumerable<List<EffectCommandRow>> SubBatches(List<EffectCommandRow> effects, int parallelism, int minSize)
    {
        var count = Math.Clamp(effects.Count / Math.Max(1, minSize), 1, Math.Max(1, parallelism));
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var size = (effects.Count / count) + (i < effects.Count % count ? 1 : 0);
            yield return effects.GetRange(start, size);
            start += size;
        }
    }

    private async Task DispatchAsync(WorkflowDbContext db, EffectCommandRow effect, string token, CancellationToken cancellationToken)
    {
        // A claimed batch is dispatched a few effects at a time: the lease of a later one may have lapsed and
        // another dispatcher taken it. Renewing it first tells; while the handler runs, a heartbeat keeps it.
        if (await RenewLeasesAsync(db, [effect.IdempotencyKey], token, cancellationToken) != 1)
        {
            return;
        }

        var attempt = effect.Attempts + 1;
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = KeepLeaseAsync([effect.IdempotencyKey], token, stopHeartbeat.Token);
        try
        {
            JsonElement? result;
            await using (var scope = scopeFactory.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(effect.CompanyId, $"workflow-effect:{effect.EffectType}");
                var handler = scope.ServiceProvider.GetServices<IEffectHandler>().FirstOrDefault(h => h.EffectType == effect.EffectType)
                    ?? throw new InvalidOperationException($"No effect handler is registered for '{effect.EffectType}'.");
                using var payload = JsonDocument.Parse(effect.Payload);
                result = await handler.HandleAsync(
                    new EffectRequest(effect.IdempotencyKey, effect.InstanceId, effect.CompanyId, effect.ActivityId, effect.EffectType, payload.RootElement.Clone(), attempt),
                    cancellationToken);
            }

            var resultText = result?.GetRawText();
            await db.Effects.IgnoreQueryFilters()
                .Where(e => e.IdempotencyKey == effect.IdempotencyKey && e.LeaseOwner == token)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(e => e.Status, EffectStatus.Succeeded)
                        .SetProperty(e => e.Attempts, attempt)
                        .SetProperty(e => e.Result, resultText)
                        .SetProperty(e => e.LastError, (string?)null)
                        .SetProperty(e => e.CompletedAt, TimeProvider.GetUtcNow())
                        .SetProperty(e => e.LeaseUntil, (DateTimeOffset?)null),
                    CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = exception.ToString();
            var failed = attempt >= options.Value.EffectMaxAttempts;
            var retryAt = TimeProvider.GetUtcNow() + options.Value.RetryDelay(attempt);
            LogEffectFailed(logger, effect.EffectType, effect.IdempotencyKey, attempt, failed, exception);
            await db.Effects.IgnoreQueryFilters()
                .Where(e => e.IdempotencyKey == effect.IdempotencyKey && e.LeaseOwner == token)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(e => e.Status, failed ? EffectStatus.Failed : EffectStatus.Pending)
                        .SetProperty(e => e.Attempts, attempt)
                        .SetProperty(e => e.LeaseUntil, failed ? null : retryAt)
                        .SetProperty(e => e.LastError, error.Length > 2000 ? error[..2000] : error),
                    CancellationToken.None);
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>The effect types whose handler takes batches (the registrations do not change while the host runs).</summary>
    private HashSet<string> BatchTypes()
    {
        if (_batchTypes is null)
        {
            using var scope = scopeFactory.CreateScope();
            _batchTypes = scope.ServiceProvider.GetServices<IEffectHandler>().OfType<IEffectBatchHandler>().Select(h => h.EffectType).ToHashSet(StringComparer.Ordinal);
        }

        return _batchTypes;
    }

    /// <summary>
    /// One company's effects of one batch handler's type: one lease renewal, one call, one completion. When the call fails the same
    /// effects are dispatched one by one, so each one's failure (attempts, back-off) is recorded as if it had been dispatched alone.
    /// </summary>
    private async Task DispatchBatchAsync(WorkflowDbContext db, List<EffectCommandRow> effects, string token, CancellationToken cancellationToken)
    {
        var keys = effects.Select(e => e.IdempotencyKey).ToList();
        if (await RenewLeasesAsync(db, keys, token, cancellationToken) < keys.Count)
        {
            // Some leases lapsed and another dispatcher took them: this one keeps the rest.
            var kept = await db.Effects.IgnoreQueryFilters().AsNoTracking()
                .Where(e => keys.Contains(e.IdempotencyKey) && e.LeaseOwner == token && e.Status == EffectStatus.Pending)
                .Select(e => e.IdempotencyKey)
                .ToListAsync(cancellationToken);
            effects = [.. effects.Where(e => kept.Contains(e.IdempotencyKey))];
            keys = kept;
            if (effects.Count == 0)
            {
                return;
            }
        }

        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = KeepLeaseAsync(keys, token, stopHeartbeat.Token);
        try
        {
            IReadOnlyList<JsonElement?> results;
            await using (var scope = scopeFactory.CreateAsyncScope())
            {
                var first = effects[0];
                scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(first.CompanyId, $"workflow-effect:{first.EffectType}");
                var handler = scope.ServiceProvider.GetServices<IEffectHandler>().OfType<IEffectBatchHandler>().First(h => h.EffectType == first.EffectType);
                var requests = effects.Select(e =>
                {
                    using var payload = JsonDocument.Parse(e.Payload);
                    return new EffectRequest(e.IdempotencyKey, e.InstanceId, e.CompanyId, e.ActivityId, e.EffectType, payload.RootElement.Clone(), e.Attempts + 1);
                }).ToList();
                results = await handler.HandleBatchAsync(requests, cancellationToken);
                if (results.Count != requests.Count)
                {
                    throw new InvalidOperationException($"The batch handler of '{first.EffectType}' returned {results.Count} results for {requests.Count} effects.");
                }
            }

            await db.Effects.IgnoreQueryFilters()
                .Where(e => keys.Contains(e.IdempotencyKey) && e.LeaseOwner == token)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(e => e.Status, EffectStatus.Succeeded)
                        .SetProperty(e => e.Attempts, e => e.Attempts + 1)
                        .SetProperty(e => e.Result, ResultByKey(effects, results))
                        .SetProperty(e => e.LastError, (string?)null)
                        .SetProperty(e => e.CompletedAt, TimeProvider.GetUtcNow())
                        .SetProperty(e => e.LeaseUntil, (DateTimeOffset?)null),
                    CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogBatchFailed(logger, effects[0].EffectType, effects.Count, exception);
            foreach (var effect in effects)
            {
                await DispatchAsync(db, effect, token, cancellationToken);
            }
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>
    /// Each effect's result in one statement: CASE idempotency_key WHEN … THEN … END, with the keys and results as parameters (read
    /// from a holder, as a closure's captured variables are) so that the statement's text depends only on the batch's size.
    /// </summary>
    private static Expression<Func<EffectCommandRow, string?>> ResultByKey(List<EffectCommandRow> effects, IReadOnlyList<JsonElement?> results)
    {
        var row = Expression.Parameter(typeof(EffectCommandRow), "e");
        Expression body = Expression.Constant(null, typeof(string));
        for (var i = effects.Count - 1; i >= 0; i--)
        {
            if (results[i] is not { } result)
            {
                continue;
            }

            body = Expression.Condition(
                Expression.Equal(Expression.Property(row, nameof(EffectCommandRow.IdempotencyKey)), Parameter(effects[i].IdempotencyKey)),
                Parameter(result.GetRawText()),
                body);
        }

        return Expression.Lambda<Func<EffectCommandRow, string?>>(body, row);

        static Expression Parameter(string? value) => Expression.Property(Expression.Constant(new Holder(value)), nameof(Holder.Value));
    }

    private sealed record Holder(string? Value);

    private async Task<int> RenewLeasesAsync(WorkflowDbContext db, IReadOnlyCollection<string> keys, string token, CancellationToken cancellationToken)
    {
        var leaseUntil = TimeProvider.GetUtcNow() + options.Value.Lease;
        return await db.Effects.IgnoreQueryFilters()
            .Where(e => keys.Contains(e.IdempotencyKey) && e.LeaseOwner == token && e.Status == EffectStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.LeaseUntil, leaseUntil), cancellationToken);
    }

    /// <summary>Extends the lease every third of its length while a handler runs, so a slow handler is not taken over.</summary>
    private async Task KeepLeaseAsync(IReadOnlyCollection<string> keys, string token, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.Lease / 3, TimeProvider, stop);
                await using var scope = scopeFactory.CreateAsyncScope();
                await RenewLeasesAsync(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>(), keys, token, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The handler finished.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} {EffectType} effects failed; they are dispatched one by one")]
    private static partial void LogBatchFailed(ILogger logger, string effectType, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Effect {EffectType} {IdempotencyKey} failed (attempt {Attempt}, given up: {GivenUp})")]
    private static partial void LogEffectFailed(ILogger logger, string effectType, string idempotencyKey, int attempt, bool givenUp, Exception exception);
}
