using Etrepaye.Guarantees.Effects;
using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Guarantees.Activities;

/// <summary>
/// Calls a guarantee for an amount and the invoices concerned. The call is an effect, recorded after the step commits by
/// <see cref="CallGuaranteeEffectHandler"/>; its id derives from the effect's idempotency key, so a retried step calls once.
/// </summary>
internal sealed class CallGuaranteeActivity : IActivity
{
    public const string Type = "guarantees.call-guarantee";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Call a guarantee",
        Category = "Guarantees",
        Description = "Draws on a guarantee for an amount and the invoices concerned; the amount received is then tracked on the call.",
        Inputs =
        [
            new InputDescriptor("guaranteeId", WorkflowType.String) { Required = true },
            new InputDescriptor("amount", WorkflowType.Money) { Required = true, Description = "In the guarantee's currency." },
            new InputDescriptor("invoiceIds", WorkflowType.ListOf(WorkflowType.String)) { Description = "The invoices the call is for." },
            new InputDescriptor("reason", WorkflowType.String),
        ],
        Outputs = [new OutputDescriptor("callId", WorkflowType.String, "The call's id, to follow what the issuer pays.")],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var amount = context.GetRequiredInput<Money>("amount");
        var invoices = (context.GetInput<IReadOnlyList<object?>>("invoiceIds") ?? []).Cast<string>().ToList();
        var key = context.RequestEffect(CallGuaranteeEffectHandler.EffectTypeName, new Dictionary<string, object?>
        {
            ["guaranteeId"] = context.GetRequiredInput<string>("guaranteeId"),
            ["amount"] = amount.Amount,
            ["currency"] = amount.Currency,
            ["invoiceIds"] = invoices,
            ["reason"] = context.GetInput<string>("reason"),
            ["calledOn"] = context.Today,
        });
        var callId = EffectIds.FromKey(key);
        context.Note($"call {callId} requested for {amount}");
        return ValueTask.FromResult(ActivityResult.Done(new Dictionary<string, object?> { ["callId"] = callId.ToString() }));
    }
}
