using Etrepaye.Shared.Contracts;

namespace Etrepaye.Collection.Contracts;

/// <summary>
/// Another module asks for an e-mail to a colleague (not to a customer): a dispute's internal request, an escalation. The
/// Collection module sends it through its messages outbox and mailer (exactly once per <paramref name="Key"/>, archived),
/// then publishes <see cref="InternalEmailDelivered"/>. Publish it through the module's outbox, in the same transaction
/// as the record it is about, so that a crash neither loses nor repeats it.
/// </summary>
/// <param name="CompanyId">The company.</param>
/// <param name="Key">The sender's idempotency key, unique in the company (e.g. "disputes:request:{requestId}").</param>
/// <param name="Source">The module and record it comes from, shown in the communications archive (e.g. "disputes/request/{id}").</param>
/// <param name="To">The recipients' e-mail addresses.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="TextBody">The plain-text body, already rendered in the recipient's language (links included).</param>
/// <param name="CustomerId">The customer concerned, if any, so the message appears in the customer's history.</param>
public sealed record InternalEmailRequested(
    Guid CompanyId, string Key, string Source, IReadOnlyList<string> To, string Subject, string TextBody, Guid? CustomerId) : IIntegrationEvent;

/// <summary>What became of an <see cref="InternalEmailRequested"/>: sent, or failed after the mailer's retries.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="Key">The key of the request.</param>
/// <param name="MessageId">The message in the communications archive.</param>
/// <param name="Status">"Sent" or "Failed".</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="At">When the outcome was known.</param>
public sealed record InternalEmailDelivered(Guid CompanyId, string Key, Guid MessageId, string Status, string? Error, DateTimeOffset At) : IIntegrationEvent;
