using Etrepaye.Shared.Contracts;
using MediatR;

namespace Etrepaye.Shared.Outbox;

/// <summary>What the outbox dispatcher publishes: the event and the outbox message id that makes handling idempotent.</summary>
public sealed record IntegrationEventEnvelope<TEvent>(Guid MessageId, TEvent Event) : INotification
    where TEvent : IIntegrationEvent;
