using System.Text.Json;
using Etrepaye.Disputes.Effects;
using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Disputes.Activities;

/// <summary>
/// Opens a dispute when a call's outcome is that the customer contests invoices. The dispute is opened by an effect after the
/// step commits (<see cref="OpenDisputeEffectHandler"/>); its id derives from the effect's idempotency key, so a retried step opens one.
/// </summary>
internal sealed class OpenDisputeActivity : IActivity
{
    public const string Type = "disputes.open-dispute";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Open a dispute",
        Category = "Disputes",
        Description = "After a call whose outcome is a dispute: opens a dispute on the invoices named (their whole open amount, or an amount for a single invoice), which leaves collection until it is closed.",
        Inputs =
        [
            new InputDescriptor("invoiceIds", WorkflowType.ListOf(WorkflowType.String)) { Required = true, Description = "The invoices the customer contests." },
            new InputDescriptor("reason", WorkflowType.String) { Default = JsonSerializer.SerializeToElement("other"), Description = "A reason code of the company's list." },
            new InputDescriptor("description", WorkflowType.String) { Description = "What the customer said (the call's notes)." },
            new InputDescriptor("amount", WorkflowType.Money) { Description = "The amount contested, for a single invoice; its whole open amount when left out." },
            new InputDescriptor("customerId", WorkflowType.String) { Description = "The customer; the instance's customer by default." },
        ],
        Outputs = [new OutputDescriptor("disputeId", WorkflowType.String, "The dispute's id, to route it and wait for its resolution.")],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var invoices = (context.GetInput<IReadOnlyList<object?>>("invoiceIds") ?? []).Cast<string>().ToList();
        if (invoices.Count == 0)
        {
            throw new InvalidOperationException("disputes.open-dispute needs at least one invoice.");
        }

        var amount = context.GetInput<Money?>("amount");
        if (amount is not null && invoices.Count > 1)
        {
            throw new InvalidOperationException("An amount is given for a single invoice; several invoices are disputed for their whole open amount.");
        }

        var customer = context.GetInput<string>("customerId") ?? context.CorrelationKeys.GetValueOrDefault("customer")
            ?? throw new InvalidOperationException("disputes.open-dispute needs a customer (input customerId or the instance's customer).");
        var key = context.RequestEffect(OpenDisputeEffectHandler.EffectTypeName, new Dictionary<string, object?>
        {
            ["customerId"] = customer,
            ["invoiceIds"] = invoices,
            ["amount"] = amount?.Amount,
            ["reason"] = context.GetInput<string>("reason") ?? "other",
            ["description"] = context.GetInput<string>("description") ?? "Disputed during a collection call.",
        });
        var disputeId = EffectIds.FromKey(key);
        context.Note($"dispute {disputeId} requested on {invoices.Count} invoice(s)");
        return ValueTask.FromResult(ActivityResult.Done(new Dictionary<string, object?> { ["disputeId"] = disputeId.ToString() }));
    }
}
