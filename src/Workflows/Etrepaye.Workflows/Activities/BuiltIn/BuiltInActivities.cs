using System.Text.Json;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Activities.BuiltIn;

internal static class BuiltInActivities
{
    public const string Category = "Flow";
    public const string WaitCategory = "Waits";
    public const string PeopleCategory = "People";
    public const string IntegrationCategory = "Integration";

    public static IReadOnlyList<IActivity> All { get; } =
    [
        new DecisionActivity(),
        new SwitchActivity(),
        new ForkActivity(),
        new JoinActivity(),
        new WaitUntilActivity(),
        new WaitForEventActivity(),
        new HumanTaskActivity(),
        new SetVariableActivity(),
        new SubWorkflowActivity(),
        new EndActivity(),
        new NotifyWebhookActivity(),
    ];

    public static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, WorkflowJson.Options);

    /// <summary>The local date of now plus a duration (business days on the instance's calendar), at the same local time.</summary>
    public static DateTimeOffset After(ActivityContext context, Duration duration)
    {
        var local = TimeZoneInfo.ConvertTime(context.Now, context.TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var due = duration.Unit switch
        {
            DurationUnit.Days => date.AddDays(duration.Amount),
            DurationUnit.Weeks => date.AddDays(duration.Amount * 7),
            DurationUnit.Months => date.AddMonths(duration.Amount),
            _ => context.Calendar.AddBusinessDays(date, duration.Amount),
        };
        return context.InstantOf(due, TimeOnly.FromDateTime(local.DateTime));
    }
}

/// <summary>Two ways out, chosen by a boolean expression.</summary>
internal sealed class DecisionActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "workflow.decision",
        DisplayName = "Decision",
        Category = BuiltInActivities.Category,
        Description = "Continues through True or False according to a condition.",
        Inputs = [new InputDescriptor("condition", WorkflowType.Boolean) { Required = true, Description = "A boolean expression, e.g. case.overdueAmount > 5000 EUR." }],
        Ports = [new("True"), new("False")],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Port(context.GetRequiredInput<bool>("condition") ? "True" : "False"));
}

/// <summary>Named cases checked in order; the first that holds wins, otherwise Default.</summary>
internal sealed class SwitchActivity : IActivity
{
    public const string DefaultPort = "Default";

    public static readonly WorkflowType CaseType = WorkflowType.Record(new RecordField("name", WorkflowType.String), new RecordField("when", WorkflowType.Boolean));

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "workflow.switch",
        DisplayName = "Switch",
        Category = BuiltInActivities.Category,
        Description = "Continues through the first case whose condition holds, or Default.",
        Inputs =
        [
            new InputDescriptor("cases", WorkflowType.ListOf(CaseType))
            {
                Required = true,
                AllowsExpression = false,
                Description = "[{\"name\": port, \"when\": condition}], checked in order.",
            },
        ],
        Ports = [new(DefaultPort)],
        DynamicPorts = new DynamicPortSource("cases", "name"),
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (context.RawInput("cases") is { ValueKind: JsonValueKind.Array } cases)
        {
            var index = 0;
            foreach (var item in cases.EnumerateArray())
            {
                var name = item.GetProperty("name").GetString()!;
                if (item.TryGetProperty("when", out var when) && context.EvaluateRaw(when, WorkflowType.Boolean, $"cases[{index}].when") is true)
                {
                    return ValueTask.FromResult(ActivityResult.Port(name));
                }

                index++;
            }
        }

        return ValueTask.FromResult(ActivityResult.Port(DefaultPort));
    }
}

/// <summary>Starts every named branch at once.</summary>
internal sealed class ForkActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "workflow.fork",
        DisplayName = "Fork",
        Category = BuiltInActivities.Category,
        Description = "Runs all its branches in parallel; a join brings them back together.",
        Inputs = [new InputDescriptor("branches", WorkflowType.ListOf(WorkflowType.String)) { Required = true, AllowsExpression = false, Description = "The branch (port) names." }],
        Ports = [],
        DynamicPorts = new DynamicPortSource("branches"),
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var branches = context.GetRequiredInput<IReadOnlyList<object?>>("branches").Cast<string>();
        return ValueTask.FromResult(ActivityResult.AllPorts(branches));
    }
}

/// <summary>
/// Brings branches together. all: continues once every incoming connection has delivered; any:
/// continues on the first arrival and absorbs the others; first-wins: continues on the first arrival
/// and cancels every other branch that could still arrive.
/// </summary>
internal sealed class JoinActivity : IActivity
{
    public const string All = "all";
    public const string Any = "any";
    public const string FirstWins = "first-wins";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "workflow.join",
        DisplayName = "Join",
        Category = BuiltInActivities.Category,
        Description = "Waits for branches: all of them, any (the first, others absorbed) or first-wins (the first, others cancelled).",
        Inputs =
        [
            new InputDescriptor("mode", WorkflowType.String)
            {
                Required = true,
                AllowsExpression = false,
                AllowedValues = [All, Any, FirstWins],
                Description = "all, any or first-wins: always explicit.",
            },
        ],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var mode = context.GetRequiredInput<string>("mode");
        var runner = context.Runner;
        var state = runner.ActivityStateOf(context.ActivityId);
        ActivityResult result;
        switch (mode)
        {
            case FirstWins:
                var cancelled = runner.CancelWorkReaching(context.ActivityId, context.ExecutionId);
                state.Clear();
                context.Note($"first branch arrived (connection {context.IncomingConnection}); {cancelled} other branch(es) cancelled");
                result = ActivityResult.Done();
                break;
            case Any:
                if (state.ContainsKey("fired"))
                {
                    context.Note("a branch already continued: this one is absorbed");
                    result = ActivityResult.EndBranch("absorbed by join (any)");
                }
                else
                {
                    state["fired"] = "true";
                    context.Note("first branch arrived: continuing");
                    result = ActivityResult.Done();
                }

                if (!runner.HasPendingWorkReaching(context.ActivityId, context.ExecutionId))
                {
                    state.Clear();
                }

                break;
            default:
                var required = runner.Model.Incoming(context.ActivityId).ToHashSet();
                var arrived = state.TryGetValue("arrived", out var text) && text.Length > 0
                    ? text.Split(',').Select(int.Parse).ToHashSet()
                    : [];
                if (context.IncomingConnection is { } incoming)
                {
                    arrived.Add(incoming);
                }

                if (context.IncomingConnection is null || required.IsSubsetOf(arrived))
                {
                    state.Clear();
                    context.Note($"all {required.Count} branches arrived");
                    result = ActivityResult.Done();
                }
                else
                {
                    state["arrived"] = string.Join(',', arrived.Order());
                    context.Note($"{arrived.Count(required.Contains)} of {required.Count} branches arrived");
                    result = ActivityResult.EndBranch("waiting for the other branches");
                }

                break;
        }

        return ValueTask.FromResult(result);
    }
}

/// <summary>Waits until a date (an expression, often with business days) at a time of day in the instance's zone.</summary>
internal sealed class WaitUntilActivity : IResumableActivity
{
    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "workflow.wait-until",
        DisplayName = "Wait until",
        Category = BuiltInActivities.WaitCategory,
        Description = "Waits until a date, e.g. invoice.dueDate + 3 business days. A date already past continues at once.",
        Inputs =
        [
            new InputDescriptor("date", WorkflowType.Date) { Required = true },
            new InputDescriptor("time", WorkflowType.String) { AllowsExpression = false, Description = "Local time of day, HH:mm (00:00 by default)." },
        ],
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var date = context.GetRequiredInput<DateOnly>("date");
        var time = context.GetInput<string>("time") is { } text
            ? TimeOnly.ParseExact(text, "HH:mm", System.Globalization.CultureInfo.InvariantCulture)
            : TimeOnly.MinValue;
        var due = context.InstantOf(date, time);
        if (due <= context.Now)
        {
            context.Note($"{date:yyyy-MM-dd} {time:HH:mm} is already past");
            return ValueTask.FromResult(ActivityResult.Done());
        }

        context.CreateTimer(due, "until");
        context.Note($"waiting until {date:yyyy-MM-dd} {time:HH:mm} ({due:u})");
        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>Waits for a correlated event, optionally with a timeout.</summary>
internal sealed class WaitForEventActivity : IResumableActivity
{
    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "workflow.wait-for-event",
        DisplayName = "Wait for event",
        Category = BuiltInActivities.WaitCategory,
        Description = "Waits for a named event carrying the correlation keys (the instance's keys by default): Received, or Timeout.",
        Inputs =
        [
            new InputDescriptor("event", WorkflowType.String) { Required = true, AllowsExpression = false },
            new InputDescriptor("correlation", WorkflowType.MapOf(WorkflowType.String)) { Description = "Keys the event must carry, e.g. {\"invoice\": {\"expression\": \"invoice.id\"}}." },
            new InputDescriptor("timeout", WorkflowType.Duration) { Description = "e.g. 10 business days; no timeout when absent." },
        ],
        Outputs = [new OutputDescriptor("payload", WorkflowType.Any, "The event's payload.")],
        Ports = [new("Received"), new("Timeout")],
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var eventName = context.GetRequiredInput<string>("event");
        var correlation = context.GetInput<IReadOnlyDictionary<string, object?>>("correlation")?
            .ToDictionary(p => p.Key, p => p.Value?.ToString() ?? string.Empty, StringComparer.Ordinal);
        context.CreateBookmark(eventName, correlation, "event");
        if (context.GetInput<Duration?>("timeout") is { } timeout)
        {
            context.CreateTimer(BuiltInActivities.After(context, timeout), "timeout");
        }

        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken) =>
        ValueTask.FromResult(trigger switch
        {
            StimulusTrigger stimulus => ActivityResult.Port("Received", new Dictionary<string, object?> { ["payload"] = stimulus.Stimulus.Payload }),
            _ => ActivityResult.Port("Timeout"),
        });
}

/// <summary>Stops the whole instance (every other branch is cancelled).</summary>
internal sealed class EndActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "workflow.end",
        DisplayName = "End",
        Category = BuiltInActivities.Category,
        Description = "Ends the instance with an optional outcome; other branches are cancelled.",
        Inputs = [new InputDescriptor("outcome", WorkflowType.String) { Description = "e.g. Paid, Escalated." }],
        Ports = [],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.EndWorkflow(context.GetInput<string>("outcome")));
}

/// <summary>Assigns a value to a declared variable.</summary>
internal sealed class SetVariableActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "workflow.set-variable",
        DisplayName = "Set variable",
        Category = BuiltInActivities.Category,
        Description = "Sets a variable to a value of its type.",
        Inputs =
        [
            new InputDescriptor("variable", WorkflowType.String) { Required = true, AllowsExpression = false },
            new InputDescriptor("value", WorkflowType.Any) { Required = true, TypeFromVariableInput = "variable" },
        ],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var variable = context.GetRequiredInput<string>("variable");
        var value = context.GetInput("value");
        context.SetVariable(variable, value);
        context.Note($"{variable} = {WorkflowValues.Render(value)}");
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
