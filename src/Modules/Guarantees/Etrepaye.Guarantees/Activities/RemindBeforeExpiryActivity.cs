using System.Text.Json;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Guarantees.Activities;

/// <summary>
/// Waits until N days before a guarantee's expiry, then puts a renewal task in a role's inbox, due on the expiry date; continues
/// through Renewed or NotRenewed as the person answers, or Expired when the expiry passes unanswered.
/// </summary>
internal sealed class RemindBeforeExpiryActivity : IResumableActivity
{
    public const string Type = "guarantees.remind-before-expiry";
    private const string RemindTag = "remind";
    private const string ExpiredTag = "expired";
    private const string TaskKey = "task";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Remind before guarantee expiry",
        Category = "Guarantees",
        Description = "Creates a renewal task N days before a guarantee expires and waits for the answer.",
        Inputs =
        [
            new InputDescriptor("guaranteeId", WorkflowType.String) { Required = true },
            new InputDescriptor("expiryDate", WorkflowType.Date) { Required = true, Description = "The guarantee's expiry date (GuaranteeActivated carries it)." },
            new InputDescriptor("daysBefore", WorkflowType.Number) { Default = JsonSerializer.SerializeToElement(30), Description = "How many days before expiry the task appears." },
            new InputDescriptor("role", WorkflowType.String) { Default = JsonSerializer.SerializeToElement("CreditManager") },
            new InputDescriptor("title", WorkflowType.String) { Description = "The task's title (a default names the guarantee)." },
        ],
        Outputs = [new OutputDescriptor("outcome", WorkflowType.String), new OutputDescriptor("completedBy", WorkflowType.String)],
        Ports = [new("Renewed"), new("NotRenewed"), new("Expired", "The expiry date passed before anyone answered.")],
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var expiry = context.GetRequiredInput<DateOnly>("expiryDate");
        var remindOn = expiry.AddDays(-context.GetRequiredInput<int>("daysBefore"));
        if (remindOn <= context.Today)
        {
            CreateTask(context, expiry);
        }
        else
        {
            context.Note($"the renewal task appears on {remindOn:yyyy-MM-dd}");
            context.CreateTimer(context.InstantOf(remindOn, new TimeOnly(8, 0)), RemindTag);
        }

        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken)
    {
        switch (trigger)
        {
            case TimerTrigger { Timer.Tag: RemindTag }:
                CreateTask(context, context.GetRequiredInput<DateOnly>("expiryDate"));
                return ValueTask.FromResult(ActivityResult.Suspend());
            case TaskCompletedTrigger completed:
                context.Note($"answered by {completed.CompletedBy ?? "(unknown)"}: {completed.Outcome}");
                return ValueTask.FromResult(ActivityResult.Port(completed.Outcome, new Dictionary<string, object?>
                {
                    ["outcome"] = completed.Outcome,
                    ["completedBy"] = completed.CompletedBy,
                }));
            default:
                if (context.State.TryGetValue(TaskKey, out var task) && Guid.TryParse(task, out var taskId))
                {
                    context.CloseHumanTask(taskId, HumanTaskResolution.TimedOut, "the guarantee expired");
                }

                context.Note("the guarantee expired before the renewal was answered");
                return ValueTask.FromResult(ActivityResult.Port("Expired", new Dictionary<string, object?> { ["outcome"] = "Expired" }));
        }
    }

    private static void CreateTask(ActivityContext context, DateOnly expiry)
    {
        var guaranteeId = context.GetRequiredInput<string>("guaranteeId");
        var taskId = context.CreateHumanTask(new HumanTaskRequest
        {
            Title = context.GetInput<string>("title") ?? $"Renew guarantee {guaranteeId} before {expiry:yyyy-MM-dd}",
            Description = $"Guarantee {guaranteeId} expires on {expiry:yyyy-MM-dd}. Ask the customer for its renewal, or record why it is not renewed.",
            Role = context.GetInput<string>("role"),
            DueDate = expiry,
            Priority = TaskPriority.High,
            Outcomes = ["Renewed", "NotRenewed"],
        });
        context.State[TaskKey] = taskId.ToString();
        context.CreateTimer(context.InstantOf(expiry.AddDays(1)), ExpiredTag);
    }
}
