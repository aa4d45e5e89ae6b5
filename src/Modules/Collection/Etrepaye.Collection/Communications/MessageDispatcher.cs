using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Disputes.Contracts;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Hosting;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Etrepaye.Collection.Communications;

/// <summary>
/// Sends the scheduled messages after commit. Each is claimed by a conditional update with a lease (several processes share the work;
/// a crashed one's messages are taken over when the lease expires), checked again (the items still open, not credited, not disputed,
/// the case not held by an agency), sent through its channel, and recorded Sent, Cancelled (with the reason), Failed or Bounced.
/// </summary>
internal sealed partial class MessageDispatcher(
    IServiceScopeFactory scopeFactory, IOptions<CollectionOptions> options, TimeProvider timeProvider, ILogger<MessageDispatcher> logger)
    : PollingWorker(timeProvider, logger)
{
    private const int BatchSize = 20;

    protected override bool Enabled => options.Value.DispatcherEnabled;

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        foreach (var (id, companyId) in claimed)
        {
            try
            {
                await SendAsync(id, companyId, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await RecordFailureAsync(id, companyId, exception, cancellationToken);
            }
        }

        return claimed.Count;
    }

    private async Task<List<(Guid Id, Guid CompanyId)>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        var now = TimeProvider.GetUtcNow();
        var leaseUntil = now + options.Value.Lease;
        var candidates = await db.Messages.IgnoreQueryFilters()
            .Where(m => m.Status == MessageStatus.Scheduled && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }

        await db.Messages.IgnoreQueryFilters()
            .Where(m => candidates.Contains(m.Id) && m.Status == MessageStatus.Scheduled && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeaseUntil, leaseUntil).SetProperty(m => m.LeaseOwner, Owner), cancellationToken);
        var won = await db.Messages.IgnoreQueryFilters().AsNoTracking()
            .Where(m => candidates.Contains(m.Id) && m.LeaseOwner == Owner && m.LeaseUntil == leaseUntil && m.Status == MessageStatus.Scheduled)
            .Select(m => new { m.Id, m.CompanyId })
            .ToListAsync(cancellationToken);
        return [.. won.Select(m => (m.Id, m.CompanyId))];
    }

    private async Task SendAsync(Guid id, Guid companyId, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "collection-dispatcher");
        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        var message = await db.Messages.SingleAsync(m => m.Id == id && m.LeaseOwner == Owner, cancellationToken);
        var reason = await scope.ServiceProvider.GetRequiredService<SendTimeCheck>().ReasonNotToSendAsync(message, cancellationToken);
        if (reason is not null)
        {
            message.Status = MessageStatus.Cancelled;
            message.StatusReason = reason;
            message.LeaseUntil = null;
            await db.SaveChangesAsync(cancellationToken);
            LogCancelled(logger, message.Id, reason);
            return;
        }

        var attachments = await db.Attachments.AsNoTracking().Where(a => a.MessageId == id).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var today = await scope.ServiceProvider.GetRequiredService<ICompanyClock>().TodayAsync(message.CompanyId, cancellationToken);
        message.ExternalId = message.Channel switch
        {
            MessageChannel.Email => await scope.ServiceProvider.GetRequiredService<SmtpMailSender>().SendAsync(message, attachments, cancellationToken),
            MessageChannel.Sms => await scope.ServiceProvider.GetRequiredService<ISmsProvider>().SendAsync(message.Recipient, message.Body, message.IdempotencyKey, cancellationToken),
            _ => await scope.ServiceProvider.GetRequiredService<LetterQueue>().QueueAsync(
                message, attachments.FirstOrDefault(a => a.ContentType == "application/pdf")?.Content ?? LetterPdfWriter.Write(message.Subject, message.Body), today, cancellationToken),
        };
        message.Status = MessageStatus.Sent;
        message.SentAt = TimeProvider.GetUtcNow();
        message.Attempts++;
        message.LeaseUntil = null;
        message.StatusReason = null;
        if (message.Kind == DefaultTemplates.FormalNotice && message.CaseId is { } caseId)
        {
            db.Publish(new FormalNoticeSent(
                message.CompanyId, message.CustomerId, caseId, message.Id, today, new Money(message.Principal, message.Currency),
                new Money(message.Interest, message.Currency), new Money(message.Indemnity, "EUR")));
        }

        if (message.Kind == InternalEmails.Kind)
        {
            db.Publish(InternalEmails.Delivered(message, message.SentAt.Value));
        }

        // Sent is recorded whatever the caller's token: the message has left.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task RecordFailureAsync(Guid id, Guid companyId, Exception exception, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "collection-dispatcher");
        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == id, CancellationToken.None);
        if (message is null || message.Status != MessageStatus.Scheduled)
        {
            return;
        }

        message.Attempts++;
        message.LeaseUntil = null;
        var error = exception.Message.Length > 900 ? exception.Message[..900] : exception.Message;
        if (exception is PermanentDeliveryException)
        {
            message.Status = MessageStatus.Bounced;
            message.StatusReason = error;
        }
        else if (message.Attempts >= options.Value.MaxAttempts)
        {
            message.Status = MessageStatus.Failed;
            message.StatusReason = $"Gave up after {message.Attempts} attempts: {error}";
        }
        else
        {
            message.StatusReason = $"Attempt {message.Attempts} failed: {error}";
            message.NextAttemptAt = TimeProvider.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(Math.Pow(2, message.Attempts) * 15, 3600));
        }

        if (message.Kind == InternalEmails.Kind && message.Status != MessageStatus.Scheduled)
        {
            db.Publish(InternalEmails.Delivered(message, TimeProvider.GetUtcNow()));
        }

        LogFailed(logger, id, message.Attempts, exception);
        await db.SaveChangesAsync(CancellationToken.None);
        _ = cancellationToken;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} cancelled at send time: {Reason}")]
    private static partial void LogCancelled(ILogger logger, Guid messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be sent (attempt {Attempts})")]
    private static partial void LogFailed(ILogger logger, Guid messageId, int attempts, Exception exception);
}

/// <summary>What is checked just before a message goes out: a payment, a credit note or a dispute since it was scheduled cancels it.</summary>
internal sealed class SendTimeCheck(CollectionDbContext db, IReceivablesQueries receivables, ICompanyClock clock, IDisputedAmounts disputedAmounts)
{
    public async Task<string?> ReasonNotToSendAsync(Message message, CancellationToken cancellationToken)
    {
        if (message.CaseId is { } caseId)
        {
            var status = await db.Cases.Where(c => c.Id == caseId).Select(c => (CaseStatus?)c.Status).SingleOrDefaultAsync(cancellationToken);
            if (status == CaseStatus.WithAgency)
            {
                return "The case is held by a collection agency.";
            }

            if (status == CaseStatus.Closed)
            {
                return "The case is closed.";
            }
        }

        if (message.ItemIds.Count == 0)
        {
            return null;
        }

        var open = (await receivables.GetOpenItemsAsync(message.CustomerId, await clock.TodayAsync(message.CompanyId, cancellationToken), cancellationToken)).ToDictionary(i => i.ItemId);
        var held = await disputedAmounts.GetHeldAmountsAsync(message.ItemIds, cancellationToken);
        var references = await db.CaseItems.AsNoTracking().Where(i => message.ItemIds.Contains(i.ItemId)).Select(i => new { i.ItemId, i.Reference })
            .ToListAsync(cancellationToken);
        string Name(Guid itemId) => references.FirstOrDefault(r => r.ItemId == itemId)?.Reference ?? itemId.ToString();

        var problems = new List<string>();
        foreach (var itemId in message.ItemIds)
        {
            if (!open.TryGetValue(itemId, out var item) || item.OpenAmount.Amount <= 0)
            {
                problems.Add($"{Name(itemId)} was paid or credited");
            }
            else if (item.Disputed || held.GetValueOrDefault(itemId) >= item.OpenAmount.Amount)
            {
                problems.Add($"{Name(itemId)} is disputed");
            }
        }

        return problems.Count == 0 ? null : $"Not sent: {string.Join("; ", problems.Distinct())} since it was scheduled.";
    }
}
