using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Collection.Domain;

internal enum MessageChannel
{
    Email,
    Letter,
    Sms,
}

internal enum MessageStatus
{
    AwaitingConfirmation,
    Scheduled,
    Sent,
    Cancelled,
    Failed,
    Bounced,
}

/// <summary>
/// A message to a customer or a colleague, rendered when it is scheduled and kept with its content (the archive). It is sent
/// after commit by the dispatcher, once per idempotency key; the items it is about are checked again just before it goes out.
/// </summary>
internal sealed class Message : ICompanyOwned, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid? CaseId { get; init; }

    public Guid CustomerId { get; init; }

    public required string IdempotencyKey { get; init; }

    /// <summary>reminder, formal-notice, escalation, internal…</summary>
    public required string Kind { get; init; }

    /// <summary>The module and record an internal e-mail comes from (e.g. "disputes/request/{id}").</summary>
    public string? Source { get; init; }

    public MessageChannel Channel { get; init; }

    public int Level { get; init; }

    public required string Language { get; init; }

    public required string Recipient { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    /// <summary>The ledger items it claims: it is cancelled when one of them is paid, credited or disputed before it goes out.</summary>
    public IReadOnlyList<Guid> ItemIds { get; init; } = [];

    public required string Currency { get; init; }

    public decimal Principal { get; init; }

    public decimal Interest { get; init; }

    public decimal Indemnity { get; init; }

    public MessageStatus Status { get; set; }

    public string? StatusReason { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The e-mail's Message-ID, the letter's file or the SMS provider's id.</summary>
    public string? ExternalId { get; set; }

    public required string CreatedBy { get; init; }

    public long Version { get; set; }
}

internal sealed class MessageAttachment : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid MessageId { get; init; }

    public required string FileName { get; init; }

    public required string ContentType { get; init; }

    public required byte[] Content { get; init; }
}

/// <summary>A company's own wording of a message, replacing the built-in one for its kind, channel, level and language.</summary>
internal sealed class MessageTemplate : ICompanyOwned, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public required string Kind { get; init; }

    public MessageChannel Channel { get; init; }

    public int Level { get; init; }

    public required string Language { get; init; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }

    public long Version { get; set; }
}

internal enum ReferenceRateKind
{
    /// <summary>The ECB main refinancing operations rate, from the date of each change.</summary>
    EcbMainRefinancing,

    /// <summary>The French legal interest rate (taux d'intérêt légal) for creditors who are professionals, per half-year.</summary>
    FrenchLegalRateProfessional,
}

/// <summary>A rate in force from a date: the shipped history (no company) and what a company's administrator adds.</summary>
internal sealed class ReferenceRate
{
    public Guid Id { get; init; }

    public Guid? CompanyId { get; init; }

    public ReferenceRateKind Kind { get; init; }

    public DateOnly EffectiveFrom { get; init; }

    /// <summary>In percent (4.50 for 4.50 %).</summary>
    public decimal Rate { get; init; }

    public string? Source { get; init; }
}
