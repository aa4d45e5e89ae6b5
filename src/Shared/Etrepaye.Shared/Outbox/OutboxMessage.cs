namespace Etrepaye.Shared.Outbox;

/// <summary>An integration event waiting in (or dispatched from) a module's outbox.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    /// <summary>Full name of the event's Contracts type.</summary>
    public required string EventType { get; init; }

    public required string Payload { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public string? CorrelationId { get; init; }

    public DateTimeOffset? DispatchedAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>A dispatcher holds the message until then; after it another process may take it over.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public string? LeaseOwner { get; set; }
}

/// <summary>A message a handler has processed: the handler skips it when it comes again (at-least-once delivery).</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }

    public required string Handler { get; init; }

    public Guid CompanyId { get; init; }

    public DateTimeOffset ProcessedAt { get; init; }
}
