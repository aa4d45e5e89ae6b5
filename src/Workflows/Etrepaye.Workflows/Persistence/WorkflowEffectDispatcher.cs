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
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (effect, dispatchToken) =>
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            await DispatchAsync(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>(), effect, token, dispatchToken);
        });

        return (candidates.Count, claimed.Count);
    }

    private async Task DispatchAsync(WorkflowDbContext db, EffectCommandRow effect, string token, CancellationToken cancellationToken)
    {
        // A claimed batch is dispatched a few effects at a time: the lease of a later one may have lapsed and
        // another dispatcher taken it. Renewing it first tells; while the handler runs, a heartbeat keeps it.
        if (!await RenewLeaseAsync(db, effect.IdempotencyKey, token, cancellationToken))
        {
            return;
        }

        var attempt = effect.Attempts + 1;
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = KeepLeaseAsync(effect.IdempotencyKey, token, stopHeartbeat.Token);
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

    private async Task<bool> RenewLeaseAsync(WorkflowDbContext db, string key, string token, CancellationToken cancellationToken)
    {
        var leaseUntil = TimeProvider.GetUtcNow() + options.Value.Lease;
        return await db.Effects.IgnoreQueryFilters()
            .Where(e => e.IdempotencyKey == key && e.LeaseOwner == token && e.Status == EffectStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.LeaseUntil, leaseUntil), cancellationToken) == 1;
    }

    /// <summary>Extends the lease every third of its length while a handler runs, so a slow handler is not taken over.</summary>
    private async Task KeepLeaseAsync(string key, string token, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.Lease / 3, TimeProvider, stop);
                await using var scope = scopeFactory.CreateAsyncScope();
                await RenewLeaseAsync(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>(), key, token, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The handler finished.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Effect {EffectType} {IdempotencyKey} failed (attempt {Attempt}, given up: {GivenUp})")]
    private static partial void LogEffectFailed(ILogger logger, string effectType, string idempotencyKey, int attempt, bool givenUp, Exception exception);
}
