using Etrepaye.Collection.Effects;
using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Collection.Activities;

/// <summary>
/// A call to make, in the operators' inbox, with one outcome per answer and the form of each: a promise (date and amount), a dispute
/// (reason), no answer, a wrong contact, already paid (a note). The outcome is the port; the form's values are the outputs, for the
/// next step (a promise goes to collection.promise-to-pay). The result (outcome and note) is recorded as a CallCompleted case action.
/// </summary>
internal sealed class PhoneCallActivity : IResumableActivity
{
    public const string Type = "collection.phone-call";

    public static readonly string[] Outcomes = ["Promise", "Dispute", "NoAnswer", "WrongContact", "AlreadyPaid"];

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Phone call",
        Category = "Collection",
        Description = "A call task: promise to pay (date, amount), dispute (reason), no answer, wrong contact, already paid (note).",
        Inputs =
        [
            new InputDescriptor("title", WorkflowType.String),
            new InputDescriptor("role", WorkflowType.String) { Default = CaseKeys.Literal("Operator") },
            new InputDescriptor("assignee", WorkflowType.String),
            new InputDescriptor("dueInDays", WorkflowType.Number) { Default = CaseKeys.Literal(2), Description = "The task is due this many business days after it is created." },
            new InputDescriptor("priority", WorkflowType.String) { AllowedValues = ["low", "normal", "high", "urgent"], Default = CaseKeys.Literal("normal") },
        ],
        Outputs =
        [
            new OutputDescriptor("outcome", WorkflowType.String),
            new OutputDescriptor("promisedDate", WorkflowType.Date),
            new OutputDescriptor("promisedAmount", WorkflowType.Money),
            new OutputDescriptor("disputeReason", WorkflowType.String),
            new OutputDescriptor("note", WorkflowType.String),
            new OutputDescriptor("completedBy", WorkflowType.String),
        ],
        Ports = [.. Outcomes.Select(o => new PortDescriptor(o)), new PortDescriptor("Timeout", "Nobody made the call by the day after its due date.")],
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var due = context.Calendar.AddBusinessDays(context.Today, Math.Max(0, context.GetInput<int>("dueInDays")));
        var taskId = context.CreateHumanTask(new HumanTaskRequest
        {
            Title = context.GetInput<string>("title") ?? "Call the customer about the overdue invoices",
            Description = "Promise: promisedDate and promisedAmount. Dispute: disputeReason. Every outcome: an optional note.",
            Role = context.GetInput<string>("role"),
            Assignee = context.GetInput<string>("assignee"),
            DueDate = due,
            Priority = Enum.Parse<TaskPriority>(context.GetInput<string>("priority") ?? "normal", ignoreCase: true),
            Outcomes = Outcomes,
            Form =
            [
                new FormField { Name = "promisedDate", Label = "Promised date (Promise)", Type = WorkflowType.Date },
                new FormField { Name = "promisedAmount", Label = "Promised amount (Promise)", Type = WorkflowType.Money },
                new FormField { Name = "disputeReason", Label = "Dispute reason (Dispute)", Type = WorkflowType.String },
                new FormField { Name = "note", Label = "Note", Type = WorkflowType.String },
            ],
        });
        context.State["task"] = taskId.ToString();
        context.CreateTimer(context.InstantOf(due.AddDays(1)), "timeout");
        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken)
    {
        if (trigger is TaskCompletedTrigger completed)
        {
            var outputs = new Dictionary<string, object?>
            {
                ["outcome"] = completed.Outcome,
                ["promisedDate"] = completed.Values.GetValueOrDefault("promisedDate") as DateOnly?,
                ["promisedAmount"] = completed.Values.GetValueOrDefault("promisedAmount") as Money?,
                ["disputeReason"] = completed.Values.GetValueOrDefault("disputeReason") as string,
                ["note"] = completed.Values.GetValueOrDefault("note") as string,
                ["completedBy"] = completed.CompletedBy,
            };
            if (completed.Outcome == "Promise" && (outputs["promisedDate"] is null || outputs["promisedAmount"] is null))
            {
                throw new InvalidOperationException("A promise needs promisedDate and promisedAmount.");
            }

            // Every result is a line of the case's history (a no answer too), once per pass of this call.
            context.RequestEffect(RecordCallEffectHandler.EffectTypeName, new RecordCallEffect(
                CaseKeys.CaseId(context), CaseKeys.CustomerId(context), completed.Outcome, outputs["note"] as string, completed.CompletedBy, context.Now), "call");
            context.Note($"{completed.Outcome} by {completed.CompletedBy ?? "(unknown)"}");
            return ValueTask.FromResult(ActivityResult.Port(completed.Outcome, outputs));
        }

        if (context.State.TryGetValue("task", out var task) && Guid.TryParse(task, out var taskId))
        {
            context.CloseHumanTask(taskId, HumanTaskResolution.TimedOut, "the call was not made in time");
        }

        return ValueTask.FromResult(ActivityResult.Port("Timeout", new Dictionary<string, object?> { ["outcome"] = "Timeout" }));
    }
}
