using System.Security.Cryptography;
using System.Text;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.CreditLimits.Activities;

internal static class EffectIds
{
    /// <summary>A stable id for what an effect creates, so that the step and the handler agree on it and a repeat finds it.</summary>
    public static Guid FromKey(string idempotencyKey)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>The customer named by the input, else the instance's <c>customer</c> correlation key.</summary>
    public static string Customer(ActivityContext context) =>
        context.GetInput<string>("customerId")
        ?? (context.CorrelationKeys.TryGetValue(ProcedureCorrelation.CustomerKey, out var customer) ? customer
            : throw new InvalidOperationException("No customerId input and no customer correlation key on the instance."));
}

/// <summary>Blocks the customer's account (order checks answer AccountBlocked), after the step commits.</summary>
internal sealed class BlockCustomerActivity : IActivity
{
    public const string Type = "creditlimits.block-customer";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Block the account",
        Category = "Credit limits",
        Description = "Blocks the customer's account: the order check answers AccountBlocked until it is unblocked.",
        Inputs =
        [
            new InputDescriptor("customerId", WorkflowType.String) { Description = "Defaults to the instance's customer." },
            new InputDescriptor("reason", WorkflowType.String) { Required = true },
        ],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var customer = EffectIds.Customer(context);
        context.RequestEffect(Effects.BlockCustomerEffectHandler.BlockType, new Dictionary<string, object?>
        {
            ["customerId"] = customer,
            ["reason"] = context.GetRequiredInput<string>("reason"),
        });
        context.Note($"block of {customer} requested");
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

internal sealed class UnblockCustomerActivity : IActivity
{
    public const string Type = "creditlimits.unblock-customer";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Unblock the account",
        Category = "Credit limits",
        Description = "Unblocks the customer's account.",
        Inputs =
        [
            new InputDescriptor("customerId", WorkflowType.String) { Description = "Defaults to the instance's customer." },
            new InputDescriptor("reason", WorkflowType.String) { Required = true },
        ],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var customer = EffectIds.Customer(context);
        context.RequestEffect(Effects.BlockCustomerEffectHandler.UnblockType, new Dictionary<string, object?>
        {
            ["customerId"] = customer,
            ["reason"] = context.GetRequiredInput<string>("reason"),
        });
        context.Note($"unblock of {customer} requested");
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

/// <summary>Opens a review of the customer's limit (routed by the authority matrix to the role that decides it).</summary>
internal sealed class RequestReviewActivity : IActivity
{
    public const string Type = "creditlimits.request-review";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Request a limit review",
        Category = "Credit limits",
        Description = "Opens a review of the customer's credit limit (nothing when it has none or a review is pending); its CreditLimitRequest procedure starts.",
        Inputs =
        [
            new InputDescriptor("customerId", WorkflowType.String) { Description = "Defaults to the instance's customer." },
            new InputDescriptor("reason", WorkflowType.String) { Required = true },
        ],
        Outputs = [new OutputDescriptor("requestId", WorkflowType.String, "The review request's id (when one is opened).")],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var key = context.RequestEffect(Effects.CreditRequestEffectHandler.ReviewType, new Dictionary<string, object?>
        {
            ["customerId"] = EffectIds.Customer(context),
            ["reason"] = context.GetRequiredInput<string>("reason"),
        });
        var requestId = EffectIds.FromKey(key);
        context.Note($"review {requestId} requested");
        return ValueTask.FromResult(ActivityResult.Done(new Dictionary<string, object?> { ["requestId"] = requestId.ToString() }));
    }
}

/// <summary>Asks for a new limit: a credit request that must be approved within the authority matrix before it applies.</summary>
internal sealed class AdjustLimitActivity : IActivity
{
    public const string Type = "creditlimits.adjust-limit";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Adjust the credit limit (with approval)",
        Category = "Credit limits",
        Description = "Requests a new credit limit; it applies once someone whose authority covers it approves the request.",
        Inputs =
        [
            new InputDescriptor("customerId", WorkflowType.String) { Description = "Defaults to the instance's customer." },
            new InputDescriptor("amount", WorkflowType.Money) { Required = true, Description = "The new limit." },
            new InputDescriptor("reason", WorkflowType.String) { Required = true },
            new InputDescriptor("reviewDate", WorkflowType.Date),
            new InputDescriptor("validUntil", WorkflowType.Date),
        ],
        Outputs = [new OutputDescriptor("requestId", WorkflowType.String, "The credit request to be approved.")],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var amount = context.GetRequiredInput<Money>("amount");
        var key = context.RequestEffect(Effects.CreditRequestEffectHandler.LimitType, new Dictionary<string, object?>
        {
            ["customerId"] = EffectIds.Customer(context),
            ["amount"] = amount.Amount,
            ["currency"] = amount.Currency,
            ["reason"] = context.GetRequiredInput<string>("reason"),
            ["reviewDate"] = context.GetInput<DateOnly?>("reviewDate"),
            ["validUntil"] = context.GetInput<DateOnly?>("validUntil"),
        });
        var requestId = EffectIds.FromKey(key);
        context.Note($"limit request {requestId} for {amount}");
        return ValueTask.FromResult(ActivityResult.Done(new Dictionary<string, object?> { ["requestId"] = requestId.ToString() }));
    }
}
