using System.Text.Json;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Workflows.Activities.BuiltIn;

/// <summary>
/// Starts another definition as a child instance and waits for its end: continues through the
/// child's outcome when it is one of <c>outcomes</c>, otherwise Done, or Faulted when the child faulted
/// or was cancelled.
/// </summary>
internal sealed class SubWorkflowActivity : IResumableActivity
{
    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "workflow.sub-workflow",
        DisplayName = "Sub-workflow",
        Category = BuiltInActivities.Category,
        Description = "Runs another workflow definition and continues when it ends, through its outcome.",
        Inputs =
        [
            new InputDescriptor("definitionId", WorkflowType.String) { Required = true, AllowsExpression = false },
            new InputDescriptor("version", WorkflowType.Number) { AllowsExpression = false, Description = "The latest published version when absent." },
            new InputDescriptor("inputs", WorkflowType.MapOf(WorkflowType.Any)) { Description = "The child's inputs (literals or expressions)." },
            new InputDescriptor("outcomes", WorkflowType.ListOf(WorkflowType.String)) { AllowsExpression = false, Description = "Child outcomes that get their own port." },
        ],
        Outputs =
        [
            new OutputDescriptor("outcome", WorkflowType.String),
            new OutputDescriptor("output", WorkflowType.Any, "The child's variables when it ended."),
        ],
        Ports = [new(ActivityDescriptor.DonePort), new("Faulted")],
        DynamicPorts = new DynamicPortSource("outcomes"),
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var definitionId = context.GetRequiredInput<string>("definitionId");
        var version = context.GetInput<int?>("version");
        var inputs = context.GetInput<IReadOnlyDictionary<string, object?>>("inputs") ?? new Dictionary<string, object?>();
        var child = context.StartChildWorkflow(definitionId, version, inputs);
        context.Note($"started {definitionId} as {child}");
        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken)
    {
        if (trigger is not StimulusTrigger { Stimulus.Payload: { } payload })
        {
            return ValueTask.FromResult(ActivityResult.Port("Faulted"));
        }

        var status = payload.TryGetProperty("status", out var s) ? s.GetString() : null;
        var outcome = payload.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
        var output = payload.TryGetProperty("variables", out var v) ? v.Clone() : (JsonElement?)null;
        var outputs = new Dictionary<string, object?> { ["outcome"] = outcome, ["output"] = output };
        var outcomes = (context.GetInput<IReadOnlyList<object?>>("outcomes") ?? []).Cast<string>().ToList();
        context.State.Remove(StepRunner.ChildStateKey);
        context.Note($"the child ended {status}{(outcome is null ? string.Empty : $" with outcome {outcome}")}");
        var port = status != nameof(InstanceStatus.Completed) ? "Faulted"
            : outcome is not null && outcomes.Contains(outcome) ? outcome
            : ActivityDescriptor.DonePort;
        return ValueTask.FromResult(ActivityResult.Port(port, outputs));
    }
}
