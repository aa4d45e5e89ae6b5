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
/// Escalates the case inside the company: a task for the credit manager (or a named account manager) to answer, or an e-mail to the
/// customer's account manager (when it is an address) or the configured credit manager's address, listing the overdue items, with a signed
/// link through which a colleague without an account reads the case and answers (optionally awaited).
/// </summary>
internal sealed class EscalateActivity : IResumableActivity
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public const string Type = "collection.escalate-case";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Escalate internally",
        Category = "Collection",
        Description = "A task or an e-mail to the account manager or the credit manager.",
        Inputs =
        [
            new InputDescriptor("to", WorkflowType.String) { AllowedValues = ["credit-manager", "account-manager"], Default = CaseKeys.Literal("credit-manager") },
            new InputDescriptor("channel", WorkflowType.String) { AllowedValues = ["task", "email"], Default = CaseKeys.Literal("task") },
            new InputDescriptor("assignee", WorkflowType.String) { Description = "For a task to a named person (their sign-in e-mail)." },
            new InputDescriptor("email", WorkflowType.String) { Description = "For an e-mail: the address, instead of the account manager's or the configured credit manager's." },
            new InputDescriptor("note", WorkflowType.String),
            new InputDescriptor("dueInDays", WorkflowType.Number) { Default = CaseKeys.Literal(2) },
            new InputDescriptor("waitForAnswer", WorkflowType.Boolean)
            {
                Default = CaseKeys.Literal(false),
                Description = "For an e-mail: wait for the colleague's answer through the e-mail's link (Done), at most dueInDays business days (Timeout).",
            },
        ],
        Outputs = [new OutputDescriptor("answer", WorkflowType.String), new OutputDescriptor("messageId", WorkflowType.String)],
        Ports = [new("Done", "The e-mail was scheduled (or answered through its link, with waitForAnswer), or the task answered Continue."), new("Stop", "The colleague asked to stop collecting."), new("Timeout")],
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var note = context.GetInput<string>("note");
        if (context.GetInput<string>("channel") == "email")
        {
            var key = context.RequestEffect(SendMessageEffectHandler.EffectTypeName, new SendMessageEffect(
                CaseKeys.CaseId(context), DefaultTemplates.Escalation, MessageChannel.Email, 1, null, AttachStatement: false, IncludeInterest: false, Indemnity: false,
                Confirm: false, context.GetInput<string>("email"), note, InterestBasis.FrenchDefault, null));
            var messageId = StableIds.FromKey(key).ToString();
            if (!context.GetInput<bool>("waitForAnswer"))
            {
                return ValueTask.FromResult(ActivityResult.Done(new Dictionary<string, object?> { ["messageId"] = messageId }));
            }

            context.State["message"] = messageId;
            context.CreateBookmark(nameof(CaseEscalationAnswered), new Dictionary<string, string> { [CollectionKeys.Link] = MessageComposer.LinkId(key).ToString() }, "answered");
            context.CreateTimer(context.InstantOf(context.Calendar.AddBusinessDays(context.Today, Math.Max(0, context.GetInput<int>("dueInDays"))).AddDays(1)), "timeout");
            return ValueTask.FromResult(ActivityResult.Suspend());
        }

        var due = context.Calendar.AddBusinessDays(context.Today, Math.Max(0, context.GetInput<int>("dueInDays")));
        var toCreditManager = context.GetInput<string>("to") != "account-manager";
        var taskId = context.CreateHumanTask(new HumanTaskRequest
        {
            Title = toCreditManager ? "Collection case escalated to the credit manager" : "Collection case escalated to the account manager",
            Description = note,
            Role = context.GetInput<string>("assignee") is null ? (toCreditManager ? "CreditManager" : "Operator") : null,
            Assignee = context.GetInput<string>("assignee"),
            DueDate = due,
            Priority = TaskPriority.High,
            Outcomes = ["Continue", "Stop"],
            Form = [new FormField { Name = "answer", Label = "Answer", Type = WorkflowType.String }],
        });
        context.State["task"] = taskId.ToString();
        context.CreateTimer(context.InstantOf(due.AddDays(1)), "timeout");
        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken)
    {
        if (trigger is TaskCompletedTrigger completed)
        {
            var outputs = new Dictionary<string, object?> { ["answer"] = completed.Values.GetValueOrDefault("answer") as string };
            return ValueTask.FromResult(completed.Outcome == "Stop" ? ActivityResult.Port("Stop", outputs) : ActivityResult.Done(outputs));
        }

        if (trigger is StimulusTrigger { Stimulus.Payload: { } payload })
        {
            var answered = payload.Deserialize<CaseEscalationAnswered>(_json)!;
            return ValueTask.FromResult(ActivityResult.Done(new Dictionary<string, object?>
            {
                ["answer"] = answered.Answer, ["messageId"] = context.State.TryGetValue("message", out var message) ? message : null,
            }));
        }

        if (context.State.TryGetValue("task", out var task) && Guid.TryParse(task, out var taskId))
        {
            context.CloseHumanTask(taskId, HumanTaskResolution.TimedOut, "nobody answered the escalation in time");
        }

        return ValueTask.FromResult(ActivityResult.Port("Timeout"));
    }
}
