using System.Globalization;
using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Cases;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Collection.Interest;
using Etrepaye.Disputes.Contracts;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Etrepaye.Collection.Communications;

/// <summary>What to write, to whom, about which case.</summary>
internal sealed record ComposeRequest(
    Guid CaseId, string Kind, MessageChannel Channel, int Level, string? Language, bool AttachStatement, bool IncludeInterest, bool Indemnity,
    bool ConfirmBeforeSending, string? Recipient = null, string? Note = null, InterestTerms? Terms = null, string? Link = null);

/// <summary>
/// What a message is about: the customer, its overdue collectible items in the order they are listed, and the interest computed
/// on them; a stored case also lists the customer's open disputes (a simulation's sample has none).
/// </summary>
internal sealed record LetterFacts(
    CustomerContactDetailsDto Contact, IReadOnlyList<CaseItem> Items, DateOnly AsOf, string Currency, CaseStatus Status, InterestResponse? Interest,
    IReadOnlyList<Dictionary<string, object?>>? Disputes = null);

/// <summary>A message to store once under its idempotency key.</summary>
internal sealed record ScheduleRequest(ComposeRequest Request, string IdempotencyKey, string CreatedBy);

/// <summary>A message rendered but not stored (a preview, or what <see cref="MessageComposer.ScheduleAsync"/> stores).</summary>
internal sealed record RenderedMessage(
    MessageChannel Channel, string Language, string Recipient, string Subject, string Body, IReadOnlyList<Guid> ItemIds, string Currency, decimal Principal,
    decimal Interest, decimal Indemnity, string? CancelReason);

/// <summary>
/// Renders a case's message with the company's template (or the built-in one) and stores it in the archive, once per idempotency key:
/// the message's id derives from the key, so a repeated effect finds the message it already stored.
/// </summary>
internal sealed class MessageComposer(
    CollectionDbContext db, ICustomerDocuments customers, InterestService interest, IDisputedAmounts disputedAmounts, IOptions<CollectionOptions> options,
    ICompanyClock clock, TimeProvider timeProvider)
{
    /// <summary>How far ahead a courtesy reminder (level 0, before the due date) looks for the items falling due.</summary>
    public const int ComingDueDays = 31;

    /// <summary>The id of the link an escalation e-mail stored under this key carries (the activity waits for its answer by it).</summary>
    public static Guid LinkId(string idempotencyKey) => StableIds.FromKey($"{idempotencyKey}:link");

    private static bool IsCourtesy(ComposeRequest request) => request.Kind == DefaultTemplates.Reminder && request.Level < 1;

    public async Task<Message> ScheduleAsync(ComposeRequest request, string idempotencyKey, string createdBy, CancellationToken cancellationToken) =>
        (await ScheduleManyAsync([new ScheduleRequest(request, idempotencyKey, createdBy)], cancellationToken))[0];

    /// <summary>
    /// Renders and stores the messages not stored yet under their keys, in one SaveChanges: the cases, customers, contacts, items,
    /// disputes, templates and attached statements of all of them are read once (a batch of reminders costs the same few queries as
    /// one). Returns the message of each request, in order, the stored one for a key already used.
    /// </summary>
    public async Task<IReadOnlyList<Message>> ScheduleManyAsync(IReadOnlyList<ScheduleRequest> requests, CancellationToken cancellationToken)
    {
        var ids = requests.Select(r => StableIds.FromKey(r.IdempotencyKey)).Distinct().ToList();
        var messages = await db.Messages.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        var todo = requests.DistinctBy(r => r.IdempotencyKey, StringComparer.Ordinal).Where(r => !messages.ContainsKey(StableIds.FromKey(r.IdempotencyKey))).ToList();
        if (todo.Count > 0)
        {
            var caseIds = todo.Select(r => r.Request.CaseId).Distinct().ToList();
            var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
            var missing = caseIds.Where(id => !cases.ContainsKey(id)).ToList();
            if (missing.Count > 0)
            {
                throw new NotFoundException("Case", missing[0]);
            }

            var facts = await ReadAsync([.. cases.Values], [.. todo.Select(r => r.Request.Kind)], cancellationToken);
            var drafts = new List<Draft>(todo.Count);
            foreach (var request in todo)
            {
                drafts.Add(await DraftAsync(cases[request.Request.CaseId], request, facts, cancellationToken));
            }

            // The statements of all of them in one call: their customers and open items are read once, not once per message.
            var statements = await customers.RenderStatementPdfsAsync([.. drafts.Where(d => d.Statement is not null).Select(d => d.Statement!)], cancellationToken);
            var next = 0;
            foreach (var draft in drafts)
            {
                var message = NewMessage(draft, draft.Statement is null ? null : statements[next++]);
                messages[message.Id] = message;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return [.. requests.Select(r => messages[StableIds.FromKey(r.IdempotencyKey)])];
    }

    /// <summary>A message rendered, not stored yet, and the statement it attaches (if any).</summary>
    private sealed record Draft(
        CollectionCase Case, ScheduleRequest Scheduled, ComposeRequest Request, string? Token, RenderedMessage Rendered, MessageStatus Status,
        StatementPdfRequest? Statement);

    private async Task<Draft> DraftAsync(CollectionCase collectionCase, ScheduleRequest scheduled, CaseFacts facts, CancellationToken cancellationToken)
    {
        var request = scheduled.Request;
        // An escalation e-mail carries a signed link for a colleague without an account; its id derives from the key, like the message's.
        var token = request.Kind == DefaultTemplates.Escalation && request.Channel == MessageChannel.Email ? LinkTokens.NewToken() : null;
        if (token is not null)
        {
            request = request with { Link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/case-link#{token}" };
        }

        var rendered = await RenderAsync(collectionCase, request, null, facts, cancellationToken);
        var status = rendered.CancelReason is not null ? MessageStatus.Cancelled
            : request.ConfirmBeforeSending ? MessageStatus.AwaitingConfirmation
            : MessageStatus.Scheduled;
        var statement = status != MessageStatus.Cancelled && rendered.Channel != MessageChannel.Sms && request.AttachStatement
            ? new StatementPdfRequest(
                collectionCase.CustomerId, Dates.Latest(await clock.TodayAsync(collectionCase.CompanyId, cancellationToken), collectionCase.AsOf), rendered.Language)
            : null;
        return new Draft(collectionCase, scheduled, request, token, rendered, status, statement);
    }

    private Message NewMessage(Draft draft, StatementFileDto? statement)
    {
        var (collectionCase, (_, idempotencyKey, createdBy), request, token, rendered, status, _) = draft;
        var now = timeProvider.GetUtcNow();
        var message = new Message
        {
            Id = StableIds.FromKey(idempotencyKey),
            CompanyId = collectionCase.CompanyId,
            CaseId = collectionCase.Id,
            CustomerId = collectionCase.CustomerId,
            IdempotencyKey = idempotencyKey,
            Kind = request.Kind,
            Channel = rendered.Channel,
            Level = request.Level,
            Language = rendered.Language,
            Recipient = rendered.Recipient,
            Subject = rendered.Subject,
            Body = rendered.Body,
            ItemIds = rendered.ItemIds,
            Currency = rendered.Currency,
            Principal = rendered.Principal,
            Interest = rendered.Interest,
            Indemnity = rendered.Indemnity,
            Status = status,
            StatusReason = rendered.CancelReason,
            NextAttemptAt = now,
            CreatedAt = now,
            CreatedBy = createdBy,
        };
        db.Messages.Add(message);
        if (token is not null && status != MessageStatus.Cancelled)
        {
            db.CaseLinks.Add(new CaseLink
            {
                Id = LinkId(idempotencyKey),
                CompanyId = collectionCase.CompanyId,
                CaseId = collectionCase.Id,
                CustomerId = collectionCase.CustomerId,
                MessageId = message.Id,
                RecipientEmail = rendered.Recipient,
                Question = request.Note ?? "",
                TokenHash = LinkTokens.Hash(token),
                Link = request.Link!,
                Status = CaseLinkStatus.Pending,
                CreatedAt = now,
                CreatedBy = createdBy,
                ExpiresAt = now + options.Value.LinkLifetime,
            });
        }

        if (status != MessageStatus.Cancelled)
        {
            foreach (var attachment in Attachments(collectionCase, request, rendered, statement))
            {
                db.Attachments.Add(new MessageAttachment
                {
                    Id = Ids.New(timeProvider),
                    CompanyId = message.CompanyId,
                    MessageId = message.Id,
                    FileName = attachment.FileName,
                    ContentType = attachment.ContentType,
                    Content = attachment.Content,
                });
            }
        }

        if (request.ConfirmBeforeSending)
        {
            // The waiting activity shows this text in the operator's task: published with the message, so it is never lost nor told twice.
            db.Publish(new CollectionMessageAwaitingConfirmation(
                message.CompanyId, message.CustomerId, collectionCase.Id, message.Id, status.ToString(), message.StatusReason, message.Channel.ToString(),
                message.Recipient, message.Subject, message.Body));
        }

        return message;
    }

    /// <summary>What the messages of some cases are written from, read once for all of them.</summary>
    private sealed record CaseFacts(
        IReadOnlyDictionary<Guid, CustomerContactDetailsDto> Contacts,
        ILookup<Guid, CaseItem> Items,
        IReadOnlyDictionary<Guid, IReadOnlyList<OpenDisputeDto>> Disputes,
        IReadOnlyList<MessageTemplate> Templates);

    private async Task<CaseFacts> ReadAsync(IReadOnlyList<CollectionCase> cases, IReadOnlyCollection<string> kinds, CancellationToken cancellationToken)
    {
        var customerIds = cases.Select(c => c.CustomerId).Distinct().ToList();
        var caseIds = cases.Select(c => c.Id).ToList();
        var kindList = kinds.Distinct().ToList();
        var contacts = await customers.GetContactDetailsOfCustomersAsync(customerIds, cancellationToken);
        var items = (await db.CaseItems.AsNoTracking().Where(i => caseIds.Contains(i.CaseId)).ToListAsync(cancellationToken)).ToLookup(i => i.CaseId);
        var disputes = await disputedAmounts.GetOpenDisputesOfCustomersAsync(customerIds, cancellationToken);
        var templates = await db.Templates.AsNoTracking().Where(t => kindList.Contains(t.Kind)).ToListAsync(cancellationToken);
        return new CaseFacts(contacts, items, disputes, templates);
    }

    /// <summary>Renders without storing; <paramref name="template"/> replaces the company's and the built-in wording (a preview).</summary>
    public async Task<RenderedMessage> RenderAsync(CollectionCase collectionCase, ComposeRequest request, TemplateText? template, CancellationToken cancellationToken) =>
        await RenderAsync(collectionCase, request, template, await ReadAsync([collectionCase], [request.Kind], cancellationToken), cancellationToken);

    private async Task<RenderedMessage> RenderAsync(
        CollectionCase collectionCase, ComposeRequest request, TemplateText? template, CaseFacts facts, CancellationToken cancellationToken)
    {
        var contact = facts.Contacts.GetValueOrDefault(collectionCase.CustomerId) ?? throw new NotFoundException("Customer", collectionCase.CustomerId);
        var asOf = Dates.Latest(await clock.TodayAsync(collectionCase.CompanyId, cancellationToken), collectionCase.AsOf);
        var courtesy = IsCourtesy(request);
        var comingDueBy = asOf.AddDays(ComingDueDays);
        var caseItems = facts.Items[collectionCase.Id].ToList();
        var items = caseItems
            .Where(i => i.CollectibleAmount > 0)
            .Where(i => courtesy ? !i.Overdue && i.DueDate != null && i.DueDate <= comingDueBy : i.Overdue)
            .OrderBy(i => i.DueDate).ThenBy(i => i.Reference, StringComparer.Ordinal)
            .ToList();
        InterestResponse? computed = null;
        if (request.IncludeInterest || request.Indemnity)
        {
            computed = await interest.ComputeAsync(
                collectionCase.CustomerId, collectionCase.Id, asOf, request.Terms ?? new InterestTerms(InterestBasis.FrenchDefault), request.Indemnity, cancellationToken);
        }

        var disputes = Disputes(facts.Disputes.GetValueOrDefault(collectionCase.CustomerId) ?? [], caseItems, Formats.For(Language(request, contact)));
        return await RenderAsync(
            new LetterFacts(contact, items, asOf, collectionCase.Currency, collectionCase.Status, computed, disputes), request, template, facts.Templates, cancellationToken);
    }

    /// <summary>Renders a message about the given customer and overdue items (a stored case's, or a simulation's sample).</summary>
    public Task<RenderedMessage> RenderAsync(LetterFacts facts, ComposeRequest request, TemplateText? template, CancellationToken cancellationToken) =>
        RenderAsync(facts, request, template, null, cancellationToken);

    /// <param name="ownTemplates">The company's templates of the request's kind when already read; null to read them.</param>
    private async Task<RenderedMessage> RenderAsync(
        LetterFacts facts, ComposeRequest request, TemplateText? template, IReadOnlyList<MessageTemplate>? ownTemplates, CancellationToken cancellationToken)
    {
        var (contact, items, asOf, computed) = (facts.Contact, facts.Items, facts.AsOf, facts.Interest);
        var language = Language(request, contact);
        var (channel, recipient) = Recipient(request, contact);
        var format = Formats.For(language);
        var interestByItem = computed?.Invoices.ToDictionary(i => i.ItemId) ?? [];
        var groups = items.GroupBy(i => i.Currency).OrderBy(g => g.Key).Select(g => new Dictionary<string, object?>
        {
            ["currency"] = g.Key,
            ["items"] = g.Select(i => new Dictionary<string, object?>
            {
                ["reference"] = i.Reference,
                ["issueDate"] = format.Date(i.IssueDate),
                ["dueDate"] = format.Date(i.DueDate),
                ["daysLate"] = i.DaysPastDue,
                ["daysToDue"] = i.DueDate is { } due ? Math.Max(0, due.DayNumber - asOf.DayNumber) : 0,
                ["amount"] = format.Money(i.CollectibleAmount, i.Currency),
                ["interest"] = format.Money(interestByItem.GetValueOrDefault(i.ItemId)?.Interest ?? 0m, i.Currency),
                ["indemnity"] = format.Money(interestByItem.GetValueOrDefault(i.ItemId)?.Indemnity ?? 0m, "EUR"),
            }).ToList(),
            ["total"] = format.Money(g.Sum(i => i.CollectibleAmount), g.Key),
            ["interest"] = format.Money(g.Sum(i => interestByItem.GetValueOrDefault(i.ItemId)?.Interest ?? 0m), g.Key),
        }).ToList();
        var main = items.Select(i => i.Currency).FirstOrDefault(c => c == facts.Currency) ?? items.Select(i => i.Currency).FirstOrDefault() ?? facts.Currency;
        var indemnityTotal = computed?.IndemnityTotal ?? 0m;
        var model = new Dictionary<string, object?>
        {
            ["customer"] = new Dictionary<string, object?> { ["name"] = contact.Name, ["reference"] = contact.Reference },
            ["level"] = request.Level,
            ["today"] = format.Date(asOf),
            ["language"] = language,
            ["groups"] = groups,
            ["overdueCount"] = items.Count,
            ["totalsText"] = string.Join(", ", items.GroupBy(i => i.Currency).OrderBy(g => g.Key).Select(g => format.Money(g.Sum(i => i.CollectibleAmount), g.Key))),
            ["hasInterest"] = request.IncludeInterest && computed is not null,
            ["hasIndemnity"] = request.Indemnity && computed is not null,
            ["indemnityTotal"] = format.Money(indemnityTotal, "EUR"),
            ["note"] = request.Note ?? "",
            ["link"] = request.Link ?? "",
            ["disputes"] = facts.Disputes ?? [],
            ["senderName"] = options.Value.Smtp.FromName,
        };
        var text = template
            ?? (ownTemplates is null ? await TemplateAsync(request.Kind, channel, request.Level, language, cancellationToken)
                : Template(ownTemplates, request.Kind, channel, request.Level, language));
        var subject = await TemplateRenderer.RenderAsync(text.Subject, "subject", model);
        var body = await TemplateRenderer.RenderAsync(text.Body, "body", model);
        var cancel = facts.Status == CaseStatus.WithAgency ? "The case is held by a collection agency."
            : facts.Status == CaseStatus.Closed ? "The case is closed."
            : items.Count == 0 && IsCourtesy(request) ? "Nothing on the case falls due soon."
            : items.Count == 0 && request.Kind != DefaultTemplates.Escalation ? "Nothing is overdue and collectible on the case."
            : recipient.Length == 0 ? "The customer has no contact for this channel."
            : null;
        return new RenderedMessage(
            channel, language, recipient, subject.Replace('\n', ' '), body, [.. items.Select(i => i.ItemId)], main,
            items.Where(i => i.Currency == main).Sum(i => i.CollectibleAmount),
            computed?.Invoices.Where(i => i.Currency == main).Sum(i => i.Interest) ?? 0m, indemnityTotal, cancel);
    }

    private static string Language(ComposeRequest request, CustomerContactDetailsDto contact) =>
        request.Language is "fr" or "en" ? request.Language
            : (contact.Language ?? "").StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";

    /// <summary>The customer's disputes not closed, with the note the credit team wrote for the customer: the reminder says what it leaves out and why.</summary>
    private static List<Dictionary<string, object?>> Disputes(IReadOnlyList<OpenDisputeDto> open, IReadOnlyList<CaseItem> caseItems, Formats format)
    {
        if (open.Count == 0)
        {
            return [];
        }

        var references = caseItems.DistinctBy(i => i.ItemId).ToDictionary(i => i.ItemId, i => i.Reference);
        return [.. open.OrderBy(d => d.OpenedOn).ThenBy(d => d.Reference).Select(d => new Dictionary<string, object?>
        {
            ["reference"] = d.Reference,
            ["invoices"] = string.Join(", ", d.Invoices.Select(i => references.GetValueOrDefault(i.InvoiceId) ?? "")),
            ["amount"] = string.Join(", ", d.Invoices.GroupBy(i => i.Amount.Currency).Select(g => format.Money(g.Sum(i => i.Amount.Amount), g.Key))),
            ["note"] = d.PublicNote ?? "",
        })];
    }

    public async Task<TemplateText> TemplateAsync(string kind, MessageChannel channel, int level, string language, CancellationToken cancellationToken)
    {
        var own = await db.Templates.AsNoTracking()
            .Where(t => t.Kind == kind && t.Channel == channel && t.Language == language && (level < 1 ? t.Level == 0 : t.Level >= 1 && t.Level <= level))
            .ToListAsync(cancellationToken);
        return Template(own, kind, channel, level, language);
    }

    /// <summary>The company's template of the highest level up to the request's (a courtesy reminder's is level 0), else the built-in one.</summary>
    private static TemplateText Template(IEnumerable<MessageTemplate> own, string kind, MessageChannel channel, int level, string language) =>
        own.Where(t => t.Kind == kind && t.Channel == channel && t.Language == language && (level < 1 ? t.Level == 0 : t.Level >= 1 && t.Level <= level))
            .OrderByDescending(t => t.Level)
            .FirstOrDefault() is { } found ? new TemplateText(found.Subject, found.Body) : DefaultTemplates.For(kind, channel, level, language);

    private (MessageChannel Channel, string Recipient) Recipient(ComposeRequest request, CustomerContactDetailsDto contact)
    {
        if (request.Recipient is { Length: > 0 } explicitRecipient)
        {
            return (request.Channel, explicitRecipient);
        }

        switch (request.Channel)
        {
            case MessageChannel.Email:
                var email = contact.Contacts.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Email))?.Email;
                if (request.Kind == DefaultTemplates.Escalation)
                {
                    email = contact.AccountManager is { } manager && manager.Contains('@', StringComparison.Ordinal) ? manager : options.Value.CreditManagerEmail;
                    return (MessageChannel.Email, email ?? "");
                }

                // Without an e-mail address the reminder goes by post, as the usual dunning tools do.
                return email is not null ? (MessageChannel.Email, email) : (MessageChannel.Letter, LetterRecipient(contact));
            case MessageChannel.Sms:
                return (MessageChannel.Sms, contact.Contacts.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Phone))?.Phone ?? "");
            default:
                return (MessageChannel.Letter, LetterRecipient(contact));
        }
    }

    private static string LetterRecipient(CustomerContactDetailsDto contact) =>
        contact.Contacts.FirstOrDefault(c => c.Role == "Billing") is { } billing ? $"{contact.Name}, attn. {billing.Name}" : contact.Name;

    private static List<StatementFileDto> Attachments(CollectionCase collectionCase, ComposeRequest request, RenderedMessage rendered, StatementFileDto? statement)
    {
        var files = new List<StatementFileDto>();
        if (rendered.Channel == MessageChannel.Sms)
        {
            return files;
        }

        if (request.Kind == DefaultTemplates.FormalNotice || rendered.Channel == MessageChannel.Letter)
        {
            var name = request.Kind == DefaultTemplates.FormalNotice ? (rendered.Language == "fr" ? "mise-en-demeure" : "formal-notice") : (rendered.Language == "fr" ? "relance" : "reminder");
            files.Add(new StatementFileDto($"{name}-{FileNames.Safe(collectionCase.CustomerReference)}.pdf", "application/pdf", LetterPdfWriter.Write(rendered.Subject, rendered.Body)));
        }

        if (statement is not null)
        {
            files.Add(statement);
        }

        return files;
    }
}

internal sealed record Formats(CultureInfo Culture, string DateFormat)
{
    private static readonly Formats _french = new(CultureFor("fr-FR"), "dd/MM/yyyy");
    private static readonly Formats _english = new(CultureFor("en-GB"), "dd MMM yyyy");

    public static Formats For(string language) => language == "fr" ? _french : _english;

    public string Money(decimal amount, string currency) => $"{amount.ToString("N2", Culture)} {currency}";

    public string Date(DateOnly? date) => date?.ToString(DateFormat, Culture) ?? "";

    // A plain space groups French digits: the narrow no-break space .NET uses is missing from many mail readers and fonts.
    private static CultureInfo CultureFor(string name)
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(name).Clone();
        culture.NumberFormat.NumberGroupSeparator = name.StartsWith("fr", StringComparison.Ordinal) ? " " : ",";
        return culture;
    }
}

internal static class StableIds
{
    /// <summary>A stable id for what an effect creates, so that the step and the handler agree on it and a repeat finds it.</summary>
    public static Guid FromKey(string idempotencyKey)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
