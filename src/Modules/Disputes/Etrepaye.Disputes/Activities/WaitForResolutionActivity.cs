using System.Text.Json;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Disputes.Activities;

/// <summary>
/// Waits until a dispute is resolved (Resolved: a credit note is expected, fully or partly) or rejected/cancelled (Rejected: the
/// amount is back in collection); past the timeout in business days it leaves through Timeout, for an escalation.
/// </summary>
internal sealed class WaitForResolutionActivity : IResumableActivity
{
    public const string Type = "disputes.wait-for-resolution";
    private const string TimeoutTag = "timeout";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Wait for a dispute's resolution",
        Category = "Disputes",
        Description = "Waits for the dispute to be resolved or rejected; after the timeout (business days on the instance's calendar) continues through Timeout to escalate.",
        Inputs =
        [
            new InputDescriptor("disputeId", WorkflowType.String) { Description = "The dispute; the instance's dispute by default." },
            new InputDescriptor("timeoutBusinessDays", WorkflowType.Number) { Default = JsonSerializer.SerializeToElement(10), Description = "Business days to wait before Timeout." },
        ],
        Outputs = [new OutputDescriptor("outcome", WorkflowType.String, "Resolved, Rejected or Timeout.")],
        Ports = [new("Resolved", "Accepted fully or partly: a credit note is expected."), new("Rejected", "Rejected or cancelled: the amount is back in collection."), new("Timeout", "Not closed in time: escalate.")],
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var disputeId = DisputeInput.Of(context);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal) { ["dispute"] = disputeId };
        if (context.CorrelationKeys.TryGetValue("company", out var company))
        {
            keys["company"] = company;
        }

        context.CreateBookmark("DisputeResolved", keys);
        context.CreateBookmark("DisputeRejected", keys);
        var until = context.Calendar.AddBusinessDays(context.Today, context.GetRequiredInput<int>("timeoutBusinessDays"));
        context.CreateTimer(context.InstantOf(until.AddDays(1)), TimeoutTag);
        context.Note($"waiting for dispute {disputeId} until {until:yyyy-MM-dd}");
        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken)
    {
        var outcome = trigger switch
        {
            StimulusTrigger { Stimulus.EventName: "DisputeResolved" } => "Resolved",
            StimulusTrigger { Stimulus.EventName: "DisputeRejected" } => "Rejected",
            _ => "Timeout",
        };
        context.Note(outcome == "Timeout" ? "the dispute was not closed in time" : $"the dispute was {outcome.ToLowerInvariant()}");
        return ValueTask.FromResult(ActivityResult.Port(outcome, new Dictionary<string, object?> { ["outcome"] = outcome }));
    }
}
