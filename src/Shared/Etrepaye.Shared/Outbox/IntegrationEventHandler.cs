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

    protected abstract Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}
