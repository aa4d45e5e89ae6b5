using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Hosting;
using Etrepaye.Shared.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Etrepaye.Shared.Outbox;

/// <summary>
/// Delivers every module's outbox after commit, at least once. Messages are claimed with a lease by an
/// atomic conditional UPDATE, so several host processes on one database share the work and a crashed
/// process's messages are taken over when its lease expires. Each handler runs in its own scope and
/// transaction and is made idempotent by its module's inbox; a handler that takes batches
/// (<see cref="IIntegrationEventBatchHandler{TEvent}"/>) gets the consecutive messages of one event and company at once.
/// The messages handled are marked dispatched together at the end of the batch.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopeFactory,
    ModuleDbContextRegistry registry,
    IntegrationEventTypes eventTypes,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxDispatcher> logger) : PollingWorker(timeProvider, logger)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected override bool Enabled => options.Value.Enabled;

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    /// <summary>Woken right after a commit; otherwise polls.</summary>
    protected override Task WaitForWorkAsync(CancellationToken cancellationToken) => signal.WaitAsync(PollInterval, cancellationToken);

    public override Task<int> RunOnceAsync(CancellationToken cancellationToken) => DispatchOnceAsync(cancellationToken);

    /// <summary>Dispatches the messages due now in every module; returns how many were handled.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var handled = 0;
        foreach (var registration in registry.All)
        {
            handled += await DispatchBatchAsync(registration, cancellationToken);
        }

        return handled;
    }

    private async Task<int> DispatchBatchAsync(ModuleDbContextRegistration registration, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = (ModuleDbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
        var now = TimeProvider.GetUtcNow();
        var leaseUntil = now + options.Value.Lease;
        var candidates = await db.OutboxMessages
            .Where(m => m.DispatchedAt == null && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return 0;
        }

        // The claim: only rows still free at this instant get this process's lease.
        await db.OutboxMessages
            .Where(m => candidates.Contains(m.Id) && m.DispatchedAt == null && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeaseUntil, leaseUntil).SetProperty(m => m.LeaseOwner, Owner), cancellationToken);
        var claimed = await db.OutboxMessages.AsNoTracking()
            .Where(m => candidates.Contains(m.Id) && m.LeaseOwner == Owner && m.LeaseUntil == leaseUntil && m.DispatchedAt == null)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);

        // Marked dispatched together once handled: a crash before the mark redelivers them, and the handlers' inboxes absorb it.
        var delivered = new List<Guid>(claimed.Count);
        try
        {
            foreach (var run in Runs(claimed))
            {
                var failures = await DeliverAsync(run, cancellationToken);
                foreach (var message in run)
                {
                    if (failures.TryGetValue(message.Id, out var exception))
                    {
                        await MarkFailedAsync(db, message, exception);
                    }
                    else
                    {
                        delivered.Add(message.Id);
                    }
                }
            }
        }
        finally
        {
            if (delivered.Count > 0)
            {
                await db.OutboxMessages
                    .Where(m => delivered.Contains(m.Id) && m.LeaseOwner == Owner)
                    .ExecuteUpdateAsync(
                        set => set.SetProperty(m => m.DispatchedAt, TimeProvider.GetUtcNow())
                            .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                            .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                            .SetProperty(m => m.LastError, (string?)null),
                        CancellationToken.None);
            }
        }

        return claimed.Count;
    }

    /// <summary>The claimed messages cut into runs of consecutive messages of one event type and one company, in their order.</summary>
    private static IEnumerable<List<OutboxMessage>> Runs(IReadOnlyList<OutboxMessage> messages)
    {
        var run = new List<OutboxMessage>();
        foreach (var message in messages)
        {
            if (run.Count > 0 && (run[0].EventType != message.EventType || run[0].CompanyId != message.CompanyId))
            {
                yield return run;
                run = [];
            }

            run.Add(message);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    /// <summary>
    /// Hands a run of messages to every handler of their event: in one call to a handler that takes batches, else (and again
    /// when that call fails) one message at a time. Returns the messages that failed, with why; a message that failed in one
    /// handler is not handed to the next (it comes again, and the handlers that took it skip it by their inbox).
    /// </summary>
    private async Task<Dictionary<Guid, Exception>> DeliverAsync(List<OutboxMessage> run, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<Guid, Exception>();
        var eventType = eventTypes.Find(run[0].EventType);
        if (eventType is null)
        {
            var unknown = new InvalidOperationException($"Unknown integration event type {run[0].EventType}.");
            run.ForEach(m => failures[m.Id] = unknown);
            return failures;
        }

        var envelopeType = typeof(IntegrationEventEnvelope<>).MakeGenericType(eventType);
        var envelopes = new List<(OutboxMessage Message, object Envelope)>(run.Count);
        foreach (var message in run)
        {
            try
            {
                var integrationEvent = JsonSerializer.Deserialize(message.Payload, eventType, _json)!;
                envelopes.Add((message, Activator.CreateInstance(envelopeType, message.Id, integrationEvent)!));
            }
            catch (JsonException exception)
            {
                failures[message.Id] = exception;
            }
        }

        var handlerType = typeof(INotificationHandler<>).MakeGenericType(envelopeType);
        var handle = handlerType.GetMethod(nameof(INotificationHandler<INotification>.Handle))!;
        var batchType = typeof(IIntegrationEventBatchHandler<>).MakeGenericType(eventType);
        var handleBatch = batchType.GetMethod(nameof(IIntegrationEventBatchHandler<IIntegrationEvent>.HandleBatchAsync))!;

        int handlerCount;
        await using (var countingScope = scopeFactory.CreateAsyncScope())
        {
            handlerCount = countingScope.ServiceProvider.GetServices(handlerType).Count();
        }

        for (var index = 0; index < handlerCount; index++)
        {
            var pending = envelopes.Where(e => !failures.ContainsKey(e.Message.Id)).ToList();
            if (pending.Count == 0)
            {
                break;
            }

            if (pending.Count > 1 && await DeliverBatchAsync(handlerType, index, batchType, handleBatch, envelopeType, pending, cancellationToken))
            {
                continue;
            }

            foreach (var (message, envelope) in pending)
            {
                try
                {
                    // A scope per handler and message: a failed handler's half-tracked changes never leak into the next one.
                    await using var scope = scopeFactory.CreateAsyncScope();
                    var handler = scope.ServiceProvider.GetServices(handlerType).ElementAt(index)!;
                    await (Task)handle.Invoke(handler, [envelope, cancellationToken])!;
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failures[message.Id] = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
                }
            }
        }

        return failures;
    }

    /// <summary>True when the handler takes batches and acted on all of the messages; false to deliver them one by one.</summary>
    private async Task<bool> DeliverBatchAsync(
        Type handlerType, int index, Type batchType, MethodInfo handleBatch, Type envelopeType, List<(OutboxMessage Message, object Envelope)> pending,
        CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices(handlerType).ElementAt(index)!;
        if (!batchType.IsInstanceOfType(handler))
        {
            return false;
        }

        var batch = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(envelopeType), pending.Count)!;
        pending.ForEach(p => batch.Add(p.Envelope));
        try
        {
            await (Task)handleBatch.Invoke(handler, [batch, cancellationToken])!;
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogBatchFailed(logger, handler.GetType().Name, pending.Count, exception is TargetInvocationException { InnerException: { } inner } ? inner : exception);
            return false;
        }
    }

    private async Task MarkFailedAsync(ModuleDbContext db, OutboxMessage message, Exception exception)
    {
        var error = exception.ToString();
        var retryAt = TimeProvider.GetUtcNow() + RetryDelay(message.Attempts + 1);
        LogDeliveryFailed(logger, message.EventType, message.Id, message.Attempts + 1, retryAt, exception);
        await db.OutboxMessages
            .Where(m => m.Id == message.Id && m.LeaseOwner == Owner)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.Attempts, message.Attempts + 1)
                    .SetProperty(m => m.LeaseUntil, retryAt)
                    .SetProperty(m => m.LastError, error.Length > 2000 ? error[..2000] : error),
                CancellationToken.None);
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var seconds = Math.Min(Math.Pow(2, Math.Min(attempts, 20)), options.Value.MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(seconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Handler} failed on a batch of {Count} messages; delivering them one by one")]
    private static partial void LogBatchFailed(ILogger logger, string handler, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of {EventType} {MessageId} failed (attempt {Attempts}); retry at {RetryAt}")]
    private static partial void LogDeliveryFailed(ILogger logger, string eventType, Guid messageId, int attempts, DateTimeOffset retryAt, Exception exception);
}
