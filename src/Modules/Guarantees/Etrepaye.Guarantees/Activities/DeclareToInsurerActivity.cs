using System.Text.Json;
using Etrepaye.Guarantees.Effects;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Guarantees.Activities;

/// <summary>
/// Turns an insurer duty into a task due on its deadline. When the person answers Declared (with the insurer's reference), the
/// duty is completed by an effect after the step commits; NotNeeded cancels it; past the deadline the activity leaves through Timeout.
/// </summary>
internal sealed class DeclareToInsurerActivity : IResumableActivity
{
    public const string Type = "guarantees.declare-to-insurer";
    private const string TaskKey = "task";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Declare to the insurer",
        Category = "Guarantees",
        Description = "Puts the declaration of an insurer duty (an overdue beyond the maximum extension, a payment plan, a claim) in an inbox, due on its deadline.",
        Inputs =
        [
            new InputDescriptor("dutyId", WorkflowType.String) { Required = true, Description = "The duty (InsurerDutyCreated carries it)." },
            new InputDescriptor("deadline", WorkflowType.Date) { Required = true },
            new InputDescriptor("role", WorkflowType.String) { Default = JsonSerializer.SerializeToElement("CreditManager") },
            new InputDescriptor("title", WorkflowType.String),
        ],
        Outputs = [new OutputDescriptor("outcome", WorkflowType.String), new OutputDescriptor("insurerReference", WorkflowType.String)],
        Ports = [new("Declared"), new("NotNeeded"), new("Timeout", "The deadline passed without a declaration.")],
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var dutyId = context.GetRequiredInput<string>("dutyId");
        var deadline = context.GetRequiredInput<DateOnly>("deadline");
        var taskId = context.CreateHumanTask(new HumanTaskRequest
        {
            Title = context.GetInput<string>("title") ?? $"Declare to the credit insurer before {deadline:yyyy-MM-dd}",
            Description = $"Insurer duty {dutyId}: make the declaration on the insurer's portal and record its reference, or answer NotNeeded.",
            Role = context.GetInput<string>("role"),
            DueDate = deadline,
            Priority = TaskPriority.Urgent,
            Outcomes = ["Declared", "NotNeeded"],
            Form = [new FormField { Name = "insurerReference", Label = "Insurer's reference", Type = WorkflowType.String }],
        });
        context.State[TaskKey] = taskId.ToString();
        context.CreateTimer(context.InstantOf(deadline.AddDays(1)), "timeout");
        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken)
    {
        if (trigger is TaskCompletedTrigger completed)
        {
            var reference = completed.Values.GetValueOrDefault("insurerReference") as string;
            context.RequestEffect(CloseInsurerDutyEffectHandler.EffectTypeName, new Dictionary<string, object?>
            {
                ["dutyId"] = context.GetRequiredInput<string>("dutyId"),
                ["outcome"] = completed.Outcome == "Declared" ? "Completed" : "Cancelled",
                ["insurerReference"] = reference,
                ["completedOn"] = context.Today,
                ["completedBy"] = completed.CompletedBy,
            });
            context.Note($"{completed.Outcome} by {completed.CompletedBy ?? "(unknown)"}");
            return ValueTask.FromResult(ActivityResult.Port(completed.Outcome, new Dictionary<string, object?>
            {
                ["outcome"] = completed.Outcome,
                ["insurerReference"] = reference,
            }));
        }

        if (context.State.TryGetValue(TaskKey, out var task) && Guid.TryParse(task, out var taskId))
        {
            context.CloseHumanTask(taskId, HumanTaskResolution.TimedOut, "the declaration deadline passed");
        }

        context.Note("the declaration deadline passed");
        return ValueTask.FromResult(ActivityResult.Port("Timeout", new Dictionary<string, object?> { ["outcome"] = "Timeout" }));
    }
}
