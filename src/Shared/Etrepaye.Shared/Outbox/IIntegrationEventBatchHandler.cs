using Etrepaye.Shared.Contracts;

namespace Etrepaye.Shared.Outbox;

/// <summary>
/// An integration-event handler that can also take many messages at once (the daily run delivers hundreds of one event). The
/// outbox dispatcher hands it the consecutive messages of one event type and one company it claimed, in one call, in one scope;
/// the handler acts on all of them or on none (one transaction). When the call fails, the dispatcher delivers the same messages
/// again one by one through <c>Handle</c>, each in its own scope, so that one bad message does not hold the others back.
/// </summary>
public interface IIntegrationEventBatchHandler<TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleBatchAsync(IReadOnlyList<IntegrationEventEnvelope<TEvent>> batch, CancellationToken cancellationToken);
}
