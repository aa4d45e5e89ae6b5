using Etrepaye.Disputes.Effects;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Disputes.Activities;

/// <summary>
/// Routes a dispute to the department its reason names (its owner from the opening): when that department has a
/// mailbox and was not asked yet, an internal request with a signed link is queued for it. Done by an effect after the step commits.
/// </summary>
internal sealed class RouteToOwnerActivity : IActivity
{
    public const string Type = "disputes.route-to-owner";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Route a dispute to its owner",
        Category = "Disputes",
        Description = "E-mails the department of the dispute's reason (sales, logistics, billing…, mailboxes under Disputes:Departments) a link to read the dispute and answer it.",
        Inputs =
        [
            new InputDescriptor("disputeId", WorkflowType.String) { Description = "The dispute; the instance's dispute by default." },
            new InputDescriptor("message", WorkflowType.String) { Description = "The question put to the department." },
        ],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var disputeId = DisputeInput.Of(context);
        context.RequestEffect(RouteDisputeEffectHandler.EffectTypeName, new Dictionary<string, object?>
        {
            ["disputeId"] = disputeId,
            ["message"] = context.GetInput<string>("message"),
        });
        context.Note($"dispute {disputeId} routed to the owner of its reason");
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

internal static class DisputeInput
{
    public static string Of(ActivityContext context) =>
        context.GetInput<string>("disputeId") ?? context.CorrelationKeys.GetValueOrDefault("dispute")
        ?? throw new InvalidOperationException($"{context.Descriptor.Type} needs a dispute (input disputeId or the instance's dispute).");
}
