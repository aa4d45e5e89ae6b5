using System.Text.Json;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Domain;
using Etrepaye.Collection.Effects;
using Etrepaye.Receivables.Contracts;

namespace Etrepaye.Collection.Communications;

/// <summary>Renders a send-message effect with the composer for a sample case held in memory: nothing is read from the ledger but the company's templates.</summary>
internal sealed class MessagePreview(MessageComposer composer) : IMessagePreview
{
    public async Task<MessagePreviewDto?> PreviewEffectAsync(string effectType, JsonElement payload, SampleCaseDto sample, CancellationToken cancellationToken)
    {
        if (effectType != SendMessageEffectHandler.EffectTypeName)
        {
            return null;
        }

        var effect = payload.Deserialize<SendMessageEffect>(EffectJson.Options)!;
        var contact = new CustomerContactDetailsDto(
            Guid.Empty, sample.CustomerReference, sample.CustomerName, sample.Language, null, null,
            sample.Email is { Length: > 0 } email ? [new CustomerContactDto(sample.CustomerName, "Billing", email, null, "Email")] : []);
        var items = sample.Invoices
            .Where(i => i.DueDate < sample.AsOf && i.Amount > 0)
            .OrderBy(i => i.DueDate).ThenBy(i => i.Reference)
            .Select(i => new CaseItem
            {
                Type = "Invoice",
                Reference = i.Reference,
                IssueDate = i.IssueDate,
                DueDate = i.DueDate,
                Currency = i.Currency,
                Amount = i.Amount,
                OpenAmount = i.Amount,
                CollectibleAmount = i.Amount,
                DaysPastDue = sample.AsOf.DayNumber - i.DueDate.DayNumber,
                Overdue = true,
            })
            .ToList();
        var request = new ComposeRequest(
            Guid.Empty, effect.Kind, effect.Channel, effect.Level, effect.Language, AttachStatement: false, IncludeInterest: false, Indemnity: false,
            effect.Confirm, effect.Recipient, effect.Note);
        var facts = new LetterFacts(contact, items, sample.AsOf, items.Select(i => i.Currency).FirstOrDefault() ?? "EUR", CaseStatus.Open, Interest: null);
        var rendered = await composer.RenderAsync(facts, request, null, cancellationToken);
        return new MessagePreviewDto(effect.Kind, rendered.Channel.ToString(), rendered.Language, rendered.Recipient, rendered.Subject, rendered.Body, rendered.CancelReason);
    }
}
