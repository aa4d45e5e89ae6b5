using System.Text.Json;
using Etrepaye.Collection.Features.Agencies.HandOverCase;
using Etrepaye.Collection.Features.Agencies.RecallCase;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using MediatR;

namespace Etrepaye.Collection.Agencies;

internal sealed record AgencyHandoverEffect(string CaseId, string CustomerId, string? AgencyId, string Items, string? Note, DateOnly HandedOverOn);

/// <summary>
/// Performs a procedure's handover (once per idempotency key: the agency case's id derives from it), then tells the waiting activity
/// how it went through a stimulus correlated on that id.
/// </summary>
internal sealed class AgencyHandoverEffectHandler(IMediator mediator, IReceivablesQueries receivables, IWorkflowStimulusPublisher stimuli) : IEffectHandler
{
    public const string EffectTypeName = "collection.agency-handover";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var effect = request.Payload.Deserialize<AgencyHandoverEffect>(AgencyEffectIds.Json)!;
        var handoverId = AgencyEffectIds.FromKey(request.IdempotencyKey);
        var (port, reason) = await HandOverAsync(effect, handoverId, cancellationToken);
        var answer = JsonSerializer.SerializeToElement(new { port, reason, agencyCaseId = port == "Done" ? handoverId : (Guid?)null }, AgencyEffectIds.Json);
        await stimuli.PublishAsync(
            new Stimulus(
                HandOverToAgencyActivity.CompletedEvent,
                new Dictionary<string, string> { [WorkflowCorrelation.CompanyKey] = request.CompanyId.ToString(), [HandOverToAgencyActivity.HandoverKey] = handoverId.ToString() },
                $"{HandOverToAgencyActivity.CompletedEvent}:{handoverId}",
                answer),
            cancellationToken);
        return answer;
    }

    private async Task<(string Port, string? Reason)> HandOverAsync(AgencyHandoverEffect effect, Guid handoverId, CancellationToken cancellationToken)
    {
        var customerId = Guid.Parse(effect.CustomerId);
        var candidates = (await receivables.GetOpenItemsAsync(customerId, effect.HandedOverOn, cancellationToken))
            .Where(i => i.Type == "Invoice" && !i.Disputed && (effect.Items == "AllOpen" || i.DaysPastDue > 0))
            .ToList();
        if (candidates.Count == 0)
        {
            return ("Refused", effect.Items == "AllOpen" ? "the customer has no undisputed open invoice" : "the customer has no undisputed overdue invoice");
        }

        // Items come oldest due first: the oldest item's currency is the case's main one; a handover is in one currency.
        var currency = candidates[0].OpenAmount.Currency;
        var invoiceIds = candidates.Where(i => i.OpenAmount.Currency == currency).Select(i => i.ItemId).ToList();
        try
        {
            await mediator.Send(
                new HandOverCaseCommand(
                    Guid.Parse(effect.CaseId), customerId, effect.AgencyId is { Length: > 0 } agency ? Guid.Parse(agency) : null, invoiceIds, effect.Note,
                    effect.HandedOverOn, handoverId),
                cancellationToken);
            return ("Done", invoiceIds.Count < candidates.Count ? $"only the invoices in {currency} were handed over" : null);
        }
        catch (BusinessRuleException rule) when (rule.Code == AgenciesRegistration.NoAgencyCode)
        {
            return ("NoAgency", rule.Message);
        }
        catch (BusinessRuleException rule)
        {
            return ("Refused", rule.Message);
        }
        catch (ConflictException conflict)
        {
            return ("Refused", conflict.Message);
        }
        catch (NotFoundException missing)
        {
            return ("Refused", missing.Message);
        }
    }
}

internal sealed record AgencyRecallEffect(string CaseId, string? Reason, DateOnly RecalledOn);

/// <summary>Recalls the case a procedure asked for; a case no agency holds (any more) is left as it is.</summary>
internal sealed class AgencyRecallEffectHandler(IMediator mediator) : IEffectHandler
{
    public const string EffectTypeName = "collection.agency-recall";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var effect = request.Payload.Deserialize<AgencyRecallEffect>(AgencyEffectIds.Json)!;
        var recalled = await mediator.Send(new RecallCaseCommand(Guid.Parse(effect.CaseId), effect.Reason, effect.RecalledOn, IgnoreIfNotHeld: true), cancellationToken);
        return JsonSerializer.SerializeToElement(new { recalled = recalled is not null, agencyCaseId = recalled?.Case.Id }, AgencyEffectIds.Json);
    }
}
