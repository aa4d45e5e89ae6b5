using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Security;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Etrepaye.Collection.Communications;

/// <summary>The e-mails other modules send to colleagues through the messages outbox: their kind, key and outcome.</summary>
internal static class InternalEmails
{
    public const string Kind = "internal";

    private const int MaxKeyLength = 250;

    public static string IdempotencyKey(Guid companyId, string key) => $"{Kind}:{companyId:N}:{key}";

    /// <summary>The sender's key back from the stored one (the company and the prefix taken off).</summary>
    public static string SenderKey(Message message) => message.IdempotencyKey[(Kind.Length + 34)..];

    /// <summary>What is wrong with a request, when nothing can be sent for it.</summary>
    public static string? Problem(InternalEmailRequested e)
    {
        if (string.IsNullOrWhiteSpace(e.Key) || e.Key.Length > MaxKeyLength)
        {
            return $"The key must have 1 to {MaxKeyLength} characters.";
        }

        if (e.To.Count == 0 || e.To.Any(address => !MailboxAddress.TryParse(address, out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal)))
        {
            return "Every recipient must be an e-mail address.";
        }

        return string.Join(", ", e.To).Length > 320 ? "The recipients take more than 320 characters: split the request." : null;
    }

    public static InternalEmailDelivered Delivered(Message message, DateTimeOffset at) => new(
        message.CompanyId, SenderKey(message), message.Id, message.Status == MessageStatus.Sent ? "Sent" : "Failed",
        message.Status == MessageStatus.Sent ? null : message.StatusReason, at);
}

/// <summary>
/// Puts another module's e-mail to colleagues into the messages outbox, once per (company, key): the dispatcher sends it like a
/// reminder and publishes <see cref="InternalEmailDelivered"/>. A request that cannot be sent is archived as Failed at once.
/// </summary>
internal sealed class QueueInternalEmailOnRequest(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<InternalEmailRequested, CollectionDbContext>(db, requestContext, timeProvider)
{
    private const int MaxSubject = 500;

    private readonly TimeProvider _clock = timeProvider;

    protected override async Task HandleAsync(InternalEmailRequested e, CancellationToken cancellationToken)
    {
        var problem = InternalEmails.Problem(e);
        // A refused request is archived under a hash of its key, which may be what is wrong with it.
        var key = InternalEmails.IdempotencyKey(e.CompanyId, problem is null ? e.Key : $"refused:{LinkTokens.Hash(e.Key ?? "")}");
        var id = StableIds.FromKey(key);
        if (await Db.Messages.AnyAsync(m => m.Id == id, cancellationToken))
        {
            return;
        }

        var now = _clock.GetUtcNow();
        var recipients = string.Join(", ", e.To);
        var message = new Message
        {
            Id = id,
            CompanyId = e.CompanyId,
            CustomerId = e.CustomerId ?? Guid.Empty,
            IdempotencyKey = key,
            Kind = InternalEmails.Kind,
            Source = e.Source.Length > 300 ? e.Source[..300] : e.Source,
            Channel = MessageChannel.Email,
            Language = "",
            Recipient = recipients.Length > 320 ? recipients[..320] : recipients,
            Subject = e.Subject.Length > MaxSubject ? e.Subject[..MaxSubject] : e.Subject,
            Body = e.TextBody,
            Currency = "",
            Status = problem is null ? MessageStatus.Scheduled : MessageStatus.Failed,
            StatusReason = problem,
            NextAttemptAt = now,
            CreatedAt = now,
            CreatedBy = e.Source.Length > 256 ? e.Source[..256] : e.Source,
        };
        Db.Messages.Add(message);
        if (problem is not null)
        {
            Db.Publish(new InternalEmailDelivered(e.CompanyId, e.Key ?? "", id, "Failed", problem, now));
        }
    }
}
