using System.Text.Json;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Domain;
using Etrepaye.Collection.Effects;
using Etrepaye.Collection.Engine;
using Etrepaye.Collection.Interest;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Collection.Activities;

/// <summary>
/// Sends the case's reminder: rendered from the template of its level and the customer's language with the overdue items grouped per
/// currency, stored, and sent after commit (re-checked at send time). With confirmBeforeSending, the message is rendered and stored
/// first (awaiting confirmation), then an operator task shows its text and asks to send or drop it.
/// </summary>
internal sealed class SendReminderActivity : IResumableActivity
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public const string Type = "collection.send-reminder";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Send a reminder",
        Category = "Collection",
        Description = "E-mail, letter or SMS listing the overdue items per currency, with the statement attached; optionally confirmed by an operator first.",
        Inputs =
        [
            new InputDescriptor("channel", WorkflowType.String) { AllowedValues = ["email", "letter", "sms"], Default = CaseKeys.Literal("email") },
            new InputDescriptor("level", WorkflowType.Number)
            {
                Default = CaseKeys.Literal(1), Description = "Chooses the template (1 = first reminder).", TemplateKind = DefaultTemplates.Reminder,
            },
            new InputDescriptor("language", WorkflowType.String) { AllowedValues = ["fr", "en"], Description = "Default: the customer's language." },
            new InputDescriptor("attachStatement", WorkflowType.Boolean) { Default = CaseKeys.Literal(true) },
            new InputDescriptor("includeInterest", WorkflowType.Boolean) { Default = CaseKeys.Literal(false), Description = "Late-payment interest per invoice (French default rate)." },
            new InputDescriptor("indemnity", WorkflowType.Boolean) { Default = CaseKeys.Literal(false), Description = "The 40 EUR recovery indemnity per invoice." },
            new InputDescriptor("confirmBeforeSending", WorkflowType.Boolean) { Default = CaseKeys.Literal(false) },
            new InputDescriptor("role", WorkflowType.String) { Default = CaseKeys.Literal("Operator"), Description = "Who confirms." },
        ],
        Outputs = [new OutputDescriptor("messageId", WorkflowType.String)],
        Ports = [new("Done", "Sent or scheduled."), new("Cancelled", "The operator did not confirm it.")],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var confirm = context.GetInput<bool>("confirmBeforeSending");
        var level = context.GetInput<int>("level");
        var channel = Enum.Parse<MessageChannel>(context.GetInput<string>("channel") ?? "email", ignoreCase: true);
        var key = context.RequestEffect(SendMessageEffectHandler.EffectTypeName, new SendMessageEffect(
            CaseKeys.CaseId(context), DefaultTemplates.Reminder, channel, Math.Max(level, 0), context.GetInput<string>("language"),
            context.GetInput<bool>("attachStatement"), context.GetInput<bool>("includeInterest"), context.GetInput<bool>("indemnity"), confirm, null, null,
            InterestBasis.FrenchDefault, null));
        var messageId = StableIds.FromKey(key).ToString();
        var outputs = new Dictionary<string, object?> { ["messageId"] = messageId };
        if (!confirm)
        {
            context.Note($"reminder level {level} by {channel}: message {messageId}");
            return ValueTask.FromResult(ActivityResult.Done(outputs));
        }

        // The task comes once the message is rendered (an effect, after this step commits), so that it shows the operator the text itself.
        context.State["message"] = messageId;
        context.CreateBookmark(nameof(CollectionMessageAwaitingConfirmation), new Dictionary<string, string> { [CollectionKeys.Message] = messageId }, "rendered");
        context.Note($"reminder level {level} by {channel}: message {messageId}, to be confirmed once rendered");
        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken)
    {
        var messageId = Guid.Parse(context.State["message"]);
        var outputs = new Dictionary<string, object?> { ["messageId"] = messageId.ToString() };
        if (trigger is StimulusTrigger { Stimulus.Payload: { } payload })
        {
            var rendered = payload.Deserialize<CollectionMessageAwaitingConfirmation>(_json)!;
            if (rendered.Status != nameof(MessageStatus.AwaitingConfirmation))
            {
                context.Note($"message {messageId} was not sent: {rendered.StatusReason}");
                return ValueTask.FromResult(ActivityResult.Port("Cancelled", outputs));
            }

            var level = context.GetInput<int>("level");
            context.CreateHumanTask(new HumanTaskRequest
            {
                Title = level < 1 ? "Confirm the courtesy reminder before it is sent" : $"Confirm the level {level} reminder before it is sent",
                Description = $"{rendered.Channel} to {rendered.Recipient}\nSubject: {rendered.Subject}\n\n{rendered.Body}",
                Role = context.GetInput<string>("role"),
                DueDate = context.Today.AddDays(2),
                Priority = TaskPriority.Normal,
                Outcomes = ["Send", "Cancel"],
            });
            return ValueTask.FromResult(ActivityResult.Suspend());
        }

        var completed = trigger as TaskCompletedTrigger;
        var send = completed?.Outcome == "Send";
        context.RequestEffect(ReleaseMessageEffectHandler.EffectTypeName, new ReleaseMessageEffect(messageId, send, completed?.CompletedBy), "release");
        return ValueTask.FromResult(send ? ActivityResult.Done(outputs) : ActivityResult.Port("Cancelled", outputs));
    }
}
