using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Shared.Outbox;

/// <summary>
/// The base of every integration-event handler. It runs in the receiving module's transaction, in the
/// event's company, and records the message id in the module's inbox in that same transaction, so a
/// message delivered twice (at-least-once delivery) is acted on once.
/// </summary>
public abstract class IntegrationEventHandler<TEvent, TContext>(TContext db, RequestContext requestContext, TimeProvider timeProvider)
    : INotificationHandler<IntegrationEventEnvelope<TEvent>>
    where TEvent : IIntegrationEvent
    where TContext : ModuleDbContext
{
    protected TContext Db => db;

    public async Task Handle(IntegrationEventEnvelope<TEvent> notification, CancellationToken cancellationToken)
    {
        var handler = GetType().FullName!;
        requestContext.EnterCompanyAsSystem(notification.Event.CompanyId, $"{typeof(TEvent).Name}");
        db.CurrentAction = $"On{typeof(TEvent).Name}";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var alreadyProcessed = await db.InboxMessages.AnyAsync(
            m => m.MessageId == notification.MessageId && m.Handler == handler, cancellationToken);
        if (alreadyProcessed)
        {
            return;
        }

        await HandleAsync(notification.Event, cancellationToken);
        db.InboxMessages.Add(new InboxMessage
        {
            MessageId = notification.MessageId,
            Handler = handler,
            CompanyId = notification.Event.CompanyId,
            ProcessedAt = timeProvider.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Handles the envelopes of one company in one transaction: one inbox read for all, <see cref="HandleManyAsync"/> with the
    /// events not yet processed, one inbox row each. The outbox dispatcher calls it on handlers that declare
    /// <see cref="IIntegrationEventBatchHandler{TEvent}"/>.
    /// </summary>
    public async Task HandleBatchAsync(IReadOnlyList<IntegrationEventEnvelope<TEvent>> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var companyId = batch[0].Event.CompanyId;
        if (batch.Any(e => e.Event.CompanyId != companyId))
        {
            throw new ArgumentException("A batch holds the events of one company.", nameof(batch));
        }

        var handler = GetType().FullName!;
        requestContext.EnterCompanyAsSystem(companyId, $"{typeof(TEvent).Name}");
        db.CurrentAction = $"On{typeof(TEvent).Name}";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = batch.Select(e => e.MessageId).Distinct().ToList();
        var processed = (await db.InboxMessages.Where(m => ids.Contains(m.MessageId) && m.Handler == handler).Select(m => m.MessageId).ToListAsync(cancellationToken))
            .ToHashSet();
        var fresh = batch.Where(e => !processed.Contains(e.MessageId)).DistinctBy(e => e.MessageId).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        await HandleManyAsync([.. fresh.Select(e => e.Event)], cancellationToken);
        var now = timeProvider.GetUtcNow();
        db.InboxMessages.AddRange(fresh.Select(e => new InboxMessage { MessageId = e.MessageId, Handler = handler, CompanyId = companyId, ProcessedAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    protected abstract Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);

    /// <summary>The events of one company, in their order, in one transaction; by default one after another.</summary>
    protected virtual async Task HandleManyAsync(IReadOnlyList<TEvent> integrationEvents, CancellationToken cancellationToken)
    {
        foreach (var integrationEvent in integrationEvents)
        {
            await HandleAsync(integrationEvent, cancellationToken);
        }
    }
}
