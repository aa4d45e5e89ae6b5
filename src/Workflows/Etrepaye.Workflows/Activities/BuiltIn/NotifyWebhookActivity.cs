using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Activities.BuiltIn;

/// <summary>
/// Tells an outside system that something happened (an ERP, a CRM, a chat channel): asks for a webhook
/// POST, sent after commit by the effect dispatcher with the effect's idempotency key as the
/// <c>Idempotency-Key</c> header, so that a delivery repeated after a crash is recognised by the receiver.
/// </summary>
internal sealed class NotifyWebhookActivity : IActivity
{
    public const string Type = "workflow.notify-webhook";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Notify a webhook",
        Category = BuiltInActivities.IntegrationCategory,
        Description = "POSTs a JSON event to a URL after the step commits, once per idempotency key (retried with back-off on failure). The URL's host must be allowed by the configuration (Workflows:Webhooks:AllowedHosts).",
        Inputs =
        [
            new InputDescriptor("url", WorkflowType.String) { Required = true, AllowsExpression = false, Description = "An http or https URL." },
            new InputDescriptor("event", WorkflowType.String) { Required = true, AllowsExpression = false, Description = "The event name the receiver sees, e.g. CustomerBlocked." },
            new InputDescriptor("data", WorkflowType.Any) { Description = "Any value sent as the event's data, e.g. a record built from variables." },
        ],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        context.RequestEffect(WebhookEffect.EffectType, new Dictionary<string, object?>
        {
            ["url"] = context.GetRequiredInput<string>("url"),
            ["event"] = context.GetRequiredInput<string>("event"),
            ["data"] = context.GetInput("data"),
            ["correlation"] = context.CorrelationKeys.ToDictionary(p => p.Key, p => (object?)p.Value),
        });
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

/// <summary>The effect the webhook activity asks for.</summary>
public static class WebhookEffect
{
    public const string EffectType = "workflow.webhook";
}
