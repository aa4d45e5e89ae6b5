using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Workflows.Activities.BuiltIn;

/// <summary>
/// Creates a task for a person and waits: resumes through the chosen outcome with the form's values,
/// or through Timeout once the due date has passed (the task is then closed as timed out).
/// </summary>
internal sealed class HumanTaskActivity : IResumableActivity
{
    public const string TimeoutPort = "Timeout";

    public static readonly WorkflowType FieldType = WorkflowType.Record(
        new RecordField("name", WorkflowType.String),
        new RecordField("label", WorkflowType.String),
        new RecordField("type", WorkflowType.Enum("string", "number", "boolean", "date", "money", "duration", "enum")),
        new RecordField("required", WorkflowType.Boolean),
        new RecordField("values", WorkflowType.ListOf(WorkflowType.String)));

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "workflow.human-task",
        DisplayName = "Human task",
        Category = BuiltInActivities.PeopleCategory,
        Description = "Puts a task in a role's or a person's inbox and continues through the outcome they choose, or Timeout when overdue.",
        Inputs =
        [
            new InputDescriptor("title", WorkflowType.String) { Required = true },
            new InputDescriptor("description", WorkflowType.String),
            new InputDescriptor("role", WorkflowType.String) { Description = "The role whose members see the task (or an assignee)." },
            new InputDescriptor("assignee", WorkflowType.String),
            new InputDescriptor("dueDate", WorkflowType.Date) { Description = "Overdue after this date: the activity leaves through Timeout." },
            new InputDescriptor("priority", WorkflowType.String) { AllowedValues = ["low", "normal", "high", "urgent"], Default = BuiltInActivities.Json("normal") },
            new InputDescriptor("outcomes", WorkflowType.ListOf(WorkflowType.String)) { Required = true, AllowsExpression = false },
            new InputDescriptor("form", WorkflowType.ListOf(FieldType)) { AllowsExpression = false, Description = "Fields: {name, label, type, required, values (enum)}." },
        ],
        Outputs =
        [
            new OutputDescriptor("outcome", WorkflowType.String),
            new OutputDescriptor("form", WorkflowType.Any, "The form's values, a record."),
            new OutputDescriptor("completedBy", WorkflowType.String),
        ],
        Ports = [new(TimeoutPort)],
        DynamicPorts = new DynamicPortSource("outcomes"),
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var dueDate = context.GetInput<DateOnly?>("dueDate");
        var taskId = context.CreateHumanTask(new HumanTaskRequest
        {
            Title = context.GetRequiredInput<string>("title"),
            Description = context.GetInput<string>("description"),
            Role = context.GetInput<string>("role"),
            Assignee = context.GetInput<string>("assignee"),
            DueDate = dueDate,
            Priority = Enum.Parse<TaskPriority>(context.GetInput<string>("priority") ?? "normal", ignoreCase: true),
            Outcomes = [.. context.GetRequiredInput<IReadOnlyList<object?>>("outcomes").Cast<string>()],
            Form = [.. (context.GetInput<IReadOnlyList<object?>>("form") ?? []).Cast<IReadOnlyDictionary<string, object?>>().Select(ToField)],
        });
        context.State["task"] = taskId.ToString();
        if (dueDate is { } due)
        {
            context.CreateTimer(context.InstantOf(due.AddDays(1)), "timeout");
        }

        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken)
    {
        if (trigger is TaskCompletedTrigger completed)
        {
            context.Note($"completed by {completed.CompletedBy ?? "(unknown)"}: {completed.Outcome}");
            return ValueTask.FromResult(ActivityResult.Port(completed.Outcome, new Dictionary<string, object?>
            {
                ["outcome"] = completed.Outcome,
                ["form"] = completed.Values,
                ["completedBy"] = completed.CompletedBy,
            }));
        }

        if (context.State.TryGetValue("task", out var task) && Guid.TryParse(task, out var taskId))
        {
            context.CloseHumanTask(taskId, HumanTaskResolution.TimedOut, "overdue");
        }

        context.Note("the task is overdue");
        return ValueTask.FromResult(ActivityResult.Port(TimeoutPort));
    }

    internal static FormField ToField(IReadOnlyDictionary<string, object?> field)
    {
        var typeName = field.GetValueOrDefault("type") as string ?? "string";
        var type = typeName == "enum"
            ? WorkflowType.Enum((field.GetValueOrDefault("values") as IReadOnlyList<object?> ?? []).Cast<string>())
            : WorkflowType.Primitive(typeName)!;
        return new FormField
        {
            Name = (string)field["name"]!,
            Label = field.GetValueOrDefault("label") as string,
            Type = type,
            Required = field.GetValueOrDefault("required") as bool? ?? false,
        };
    }
}
