using Etrepaye.Collection.Effects;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Collection.Activities;

/// <summary>Asks for the customer's account to be blocked (no new orders): CustomerBlockRequested, which CreditLimits acts on.</summary>
internal sealed class BlockCustomerActivity : IActivity
{
    public const string Type = "collection.block-customer";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Block the customer",
        Category = "Collection",
        Description = "Publishes CustomerBlockRequested: credit limits answer \"blocked\" to order checks until it is unblocked.",
        Inputs = [new InputDescriptor("reason", WorkflowType.String) { Default = CaseKeys.Literal("Overdue invoices") }],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        context.RequestEffect(CustomerBlockEffectHandler.EffectTypeName, new CustomerBlockEffect(
            CaseKeys.CaseId(context), CaseKeys.CustomerId(context), Block: true, context.GetInput<string>("reason") ?? "Overdue invoices", context.Today, null));
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

/// <summary>Asks for the customer's account to be unblocked: CustomerUnblockRequested.</summary>
internal sealed class UnblockCustomerActivity : IActivity
{
    public const string Type = "collection.unblock-customer";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Unblock the customer",
        Category = "Collection",
        Description = "Publishes CustomerUnblockRequested.",
        Inputs = [new InputDescriptor("reason", WorkflowType.String) { Default = CaseKeys.Literal("Overdue invoices settled") }],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        context.RequestEffect(CustomerBlockEffectHandler.EffectTypeName, new CustomerBlockEffect(
            CaseKeys.CaseId(context), CaseKeys.CustomerId(context), Block: false, context.GetInput<string>("reason") ?? "Overdue invoices settled", context.Today, null));
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
