using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Effects;
using Etrepaye.Collection.Engine;
using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Collection.Activities;

/// <summary>
/// Records a promise to pay and waits: Kept as soon as the payments received reach the amount (PromiseKept), Broken when they have not
/// by the promised date plus the grace in business days (PromiseBroken, a payment incident; the procedure escalates from that port).
/// </summary>
internal sealed class PromiseToPayActivity : IResumableActivity
{
    public const string Type = "collection.promise-to-pay";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Record and wait for a promise to pay",
        Category = "Collection",
        Description = "Pauses the procedure until the promised date plus a grace period; Kept when the amount arrives, Broken otherwise.",
        Inputs =
        [
            new InputDescriptor("amount", WorkflowType.Money) { Required = true },
            new InputDescriptor("promisedDate", WorkflowType.Date) { Required = true },
            new InputDescriptor("graceDays", WorkflowType.Number) { Default = CaseKeys.Literal(2), Description = "Business days after the promised date." },
            new InputDescriptor("note", WorkflowType.String),
        ],
        Outputs = [new OutputDescriptor("promiseId", WorkflowType.String)],
        Ports = [new("Kept"), new("Broken", "Escalate from here.")],
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var amount = context.GetRequiredInput<Money>("amount");
        var promisedDate = context.GetRequiredInput<DateOnly>("promisedDate");
        var grace = Math.Max(0, context.GetInput<int>("graceDays"));
        var dueBy = context.Calendar.AddBusinessDays(promisedDate, grace);
        var key = context.RequestEffect(RecordPromiseEffectHandler.EffectTypeName, new RecordPromiseEffect(
            CaseKeys.CaseId(context), CaseKeys.CustomerId(context), amount.Amount, amount.Currency, promisedDate, grace, dueBy, context.Today,
            context.GetInput<string>("note"), null));
        var promiseId = StableIds.FromKey(key).ToString();
        context.State["promise"] = promiseId;
        var keys = new Dictionary<string, string> { [CollectionKeys.Promise] = promiseId };
        context.CreateBookmark(nameof(PromiseKept), keys, "kept");
        context.CreateBookmark(nameof(PromiseBroken), keys, "broken");
        context.CreateTimer(context.InstantOf(dueBy.AddDays(1)), "grace-over");
        context.Note($"promise {promiseId}: {amount} by {promisedDate:yyyy-MM-dd}, broken if not received by {dueBy:yyyy-MM-dd}");
        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken)
    {
        var promiseId = context.State["promise"];
        var outputs = new Dictionary<string, object?> { ["promiseId"] = promiseId };
        switch (trigger)
        {
            case StimulusTrigger { Stimulus.EventName: nameof(PromiseKept) }:
                return ValueTask.FromResult(ActivityResult.Port("Kept", outputs));
            case StimulusTrigger { Stimulus.EventName: nameof(PromiseBroken) }:
                return ValueTask.FromResult(ActivityResult.Port("Broken", outputs));
            default:
                // The grace is over: the check decides and publishes PromiseKept or PromiseBroken, which this activity waits for.
                context.RequestEffect(CheckPromiseEffectHandler.EffectTypeName, new CheckPromiseEffect(Guid.Parse(promiseId), context.Today), "check");
                return ValueTask.FromResult(ActivityResult.Suspend());
        }
    }
}
