using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Tests.Support;

/// <summary>Sends a reminder: requests an effect, never performs it.</summary>
internal sealed class SendReminderActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "test.send-reminder",
        DisplayName = "Send reminder",
        Category = "Test",
        Inputs =
        [
            new InputDescriptor("level", WorkflowType.Number) { Required = true },
            new InputDescriptor("amount", WorkflowType.Money),
        ],
        Outputs = [new OutputDescriptor("sentOn", WorkflowType.Date)],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        context.RequestEffect("reminder.send", new Dictionary<string, object?>
        {
            ["level"] = context.GetRequiredInput<decimal>("level"),
            ["amount"] = context.GetInput("amount"),
            ["customer"] = context.CorrelationKeys.GetValueOrDefault("customer"),
        });
        return ValueTask.FromResult(ActivityResult.Done(new Dictionary<string, object?> { ["sentOn"] = context.Today }));
    }
}

/// <summary>Always throws.</summary>
internal sealed class FailActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new() { Type = "test.always-fail", DisplayName = "Fail", Category = "Test" };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        context.RequestEffect("never.sent", null);
        throw new InvalidOperationException("the letter service refused the address");
    }
}

/// <summary>Throws until attempt <c>succeedOnAttempt</c>, then requests an effect.</summary>
internal sealed class FlakyActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "test.flaky-call",
        DisplayName = "Flaky",
        Category = "Test",
        Inputs = [new InputDescriptor("succeedOnAttempt", WorkflowType.Number) { Required = true }],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (context.Attempt < context.GetRequiredInput<int>("succeedOnAttempt"))
        {
            throw new TimeoutException($"attempt {context.Attempt} timed out");
        }

        context.RequestEffect("flaky.done", new Dictionary<string, object?> { ["attempt"] = context.Attempt });
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

/// <summary>Does nothing: a plain step for graph shapes.</summary>
internal sealed class StepActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new() { Type = "test.do-step", DisplayName = "Step", Category = "Test" };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) => ValueTask.FromResult(ActivityResult.Done());
}
