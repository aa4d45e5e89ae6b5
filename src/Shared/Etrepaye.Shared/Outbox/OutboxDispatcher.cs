using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
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
/// transaction and is made idempotent by its module's inbox.
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

        foreach (var message in claimed)
        {
            try
            {
                await PublishAsync(message, cancellationToken);
                await db.OutboxMessages
                    .Where(m => m.Id == message.Id && m.LeaseOwner == Owner)
                    .ExecuteUpdateAsync(
                        set => set.SetProperty(m => m.DispatchedAt, TimeProvider.GetUtcNow())
                            .SetProperty(m => m.Attempts, message.Attempts + 1)
                            .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                            .SetProperty(m => m.LastError, (string?)null),
                        cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var error = (exception is TargetInvocationException { InnerException: { } inner } ? inner : exception).ToString();
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
        }

        return claimed.Count;
    }

    private async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var eventType = eventTypes.Find(message.EventType)
            ?? throw new InvalidOperationException($"Unknown integration event type {message.EventType}.");
        var integrationEvent = JsonSerializer.Deserialize(message.Payload, eventType, _json)!;
        var envelopeType = typeof(IntegrationEventEnvelope<>).MakeGenericType(eventType);
        var envelope = Activator.CreateInstance(envelopeType, message.Id, integrationEvent)!;
        var handlerType = typeof(INotificationHandler<>).MakeGenericType(envelopeType);
        var handle = handlerType.GetMethod(nameof(INotificationHandler<INotification>.Handle))!;

        int handlerCount;
        await using (var countingScope = scopeFactory.CreateAsyncScope())
        {
            handlerCount = countingScope.ServiceProvider.GetServices(handlerType).Count();
        }

        for (var index = 0; index < handlerCount; index++)
        {
            // A scope per handler: a failed handler's half-tracked changes never leak into the next one.
            await using var scope = scopeFactory.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices(handlerType).ElementAt(index)!;
            await (Task)handle.Invoke(handler, [envelope, cancellationToken])!;
        }
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var seconds = Math.Min(Math.Pow(2, Math.Min(attempts, 20)), options.Value.MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(seconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of {EventType} {MessageId} failed (attempt {Attempts}); retry at {RetryAt}")]
    private static partial void LogDeliveryFailed(ILogger logger, string eventType, Guid messageId, int attempts, DateTimeOffset retryAt, Exception exception);
}
