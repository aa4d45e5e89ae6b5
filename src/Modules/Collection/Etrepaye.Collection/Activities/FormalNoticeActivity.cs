using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Domain;
using Etrepaye.Collection.Effects;
using Etrepaye.Collection.Interest;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Collection.Activities;

/// <summary>
/// Sends a formal notice (mise en demeure): a PDF letter claiming each overdue invoice with its late-payment interest and the fixed
/// indemnity; FormalNoticeSent is published when it goes out.
/// </summary>
internal sealed class FormalNoticeActivity : IActivity
{
    public const string Type = "collection.send-formal-notice";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Send a formal notice",
        Category = "Collection",
        Description = "Mise en demeure: a PDF letter with the interest computed per invoice and the 40 EUR indemnity per invoice (queued for print, or e-mailed).",
        Inputs =
        [
            new InputDescriptor("channel", WorkflowType.String) { AllowedValues = ["letter", "email"], Default = CaseKeys.Literal("letter") },
            new InputDescriptor("language", WorkflowType.String) { AllowedValues = ["fr", "en"] },
            new InputDescriptor("basis", WorkflowType.String)
            {
                AllowedValues = [nameof(InterestBasis.FrenchDefault), nameof(InterestBasis.Contractual), nameof(InterestBasis.EuStatutory)],
                Default = CaseKeys.Literal(nameof(InterestBasis.FrenchDefault)),
            },
            new InputDescriptor("contractualRate", WorkflowType.Number) { Description = "In percent, for the Contractual basis (never below 3 × the legal rate)." },
            new InputDescriptor("indemnity", WorkflowType.Boolean) { Default = CaseKeys.Literal(true) },
        ],
        Outputs = [new OutputDescriptor("messageId", WorkflowType.String)],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var basis = Enum.Parse<InterestBasis>(context.GetInput<string>("basis") ?? nameof(InterestBasis.FrenchDefault));
        var rate = context.HasInput("contractualRate") ? context.GetInput<decimal?>("contractualRate") : null;
        if (basis == InterestBasis.Contractual && rate is null)
        {
            throw new InvalidOperationException("The Contractual basis needs contractualRate.");
        }

        var key = context.RequestEffect(SendMessageEffectHandler.EffectTypeName, new SendMessageEffect(
            CaseKeys.CaseId(context), DefaultTemplates.FormalNotice, Enum.Parse<MessageChannel>(context.GetInput<string>("channel") ?? "letter", ignoreCase: true), 1,
            context.GetInput<string>("language"), AttachStatement: true, IncludeInterest: true, context.GetInput<bool>("indemnity"), Confirm: false, null, null, basis, rate));
        var messageId = StableIds.FromKey(key).ToString();
        context.Note($"formal notice: message {messageId}");
        return ValueTask.FromResult(ActivityResult.Done(new Dictionary<string, object?> { ["messageId"] = messageId }));
    }
}
