using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Effects;
using Etrepaye.Collection.Engine;
using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Collection.Activities;

/// <summary>
/// Agrees a payment plan (instalments with dates and amounts) and follows it: after each due date plus the grace, the instalment is
/// checked; a missed one raises PaymentPlanInstalmentMissed and leaves through Missed. The plan records whether the credit insurer must
/// be told of it (the customer has an insured limit).
/// </summary>
internal sealed class PaymentPlanActivity : IResumableActivity
{
    public const string Type = "collection.payment-plan";

    private static readonly WorkflowType _instalment = WorkflowType.Record(
        new RecordField("dueDate", WorkflowType.Date), new RecordField("amount", WorkflowType.Money));

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Payment plan",
        Category = "Collection",
        Description = "Instalments with dates and amounts; each missed instalment raises PaymentPlanInstalmentMissed; flags the insurer notification when insured.",
        Inputs =
        [
            new InputDescriptor("instalments", WorkflowType.ListOf(_instalment)) { Required = true },
            new InputDescriptor("graceDays", WorkflowType.Number) { Default = CaseKeys.Literal(0), Description = "Business days after each due date." },
        ],
        Outputs = [new OutputDescriptor("planId", WorkflowType.String)],
        Ports = [new("Completed", "Every instalment was paid."), new("Missed", "An instalment was not paid in time.")],
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var instalments = (context.GetRequiredInput<IReadOnlyList<object?>>("instalments"))
            .Select(i => ((IEnumerable<KeyValuePair<string, object?>>)i!).ToDictionary(p => p.Key, p => p.Value))
            .Select(i => (DueDate: (DateOnly)i["dueDate"]!, Amount: (Money)i["amount"]!))
            .OrderBy(i => i.DueDate)
            .ToList();
        if (instalments.Count == 0 || instalments.Select(i => i.Amount.Currency).Distinct().Count() != 1 || instalments.Any(i => i.Amount.Amount <= 0))
        {
            throw new InvalidOperationException("A payment plan needs instalments of positive amounts in one currency.");
        }

        var key = context.RequestEffect(RecordPlanEffectHandler.EffectTypeName, new RecordPlanEffect(
            CaseKeys.CaseId(context), CaseKeys.CustomerId(context), instalments[0].Amount.Currency,
            [.. instalments.Select(i => new PlanInstalmentInput(i.DueDate, i.Amount.Amount))], context.Today));
        var planId = StableIds.FromKey(key).ToString();
        context.State["plan"] = planId;
        context.State["count"] = instalments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var grace = Math.Max(0, context.GetInput<int>("graceDays"));
        for (var i = 0; i < instalments.Count; i++)
        {
            context.CreateTimer(context.InstantOf(context.Calendar.AddBusinessDays(instalments[i].DueDate, grace).AddDays(1)), $"instalment-{i + 1}");
        }

        context.CreateBookmark(nameof(PaymentPlanInstalmentMissed), new Dictionary<string, string> { [CollectionKeys.Plan] = planId }, "missed");
        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken)
    {
        var planId = context.State["plan"];
        var outputs = new Dictionary<string, object?> { ["planId"] = planId };
        switch (trigger)
        {
            case StimulusTrigger:
                return ValueTask.FromResult(ActivityResult.Port("Missed", outputs));
            case TimerTrigger { Timer.Tag: "settled" }:
                return ValueTask.FromResult(ActivityResult.Port("Completed", outputs));
            case TimerTrigger { Timer.Tag: { } tag } when tag.StartsWith("instalment-", StringComparison.Ordinal):
                var number = int.Parse(tag["instalment-".Length..], System.Globalization.CultureInfo.InvariantCulture);
                context.RequestEffect(CheckInstalmentEffectHandler.EffectTypeName, new CheckInstalmentEffect(Guid.Parse(planId), number), $"check-{number}");
                if (number == int.Parse(context.State["count"], System.Globalization.CultureInfo.InvariantCulture))
                {
                    // The check runs right after this step; a day later, without a missed instalment, the plan is complete.
                    context.CreateTimer(context.Now.AddDays(1), "settled");
                }

                return ValueTask.FromResult(ActivityResult.Suspend());
            default:
                return ValueTask.FromResult(ActivityResult.Suspend());
        }
    }
}
