using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Persistence;

namespace Etrepaye.Collection.Agencies;

/// <summary>
/// Hands the procedure's case (correlation keys <c>case</c> and <c>customer</c>) over to an agency, or to the company's default agency.
/// The handover is an effect, done after the step commits by <see cref="AgencyHandoverEffectHandler"/>; the activity waits for the
/// handler's answer (a stimulus) and continues through Done, NoAgency, or Refused (nothing to hand over, or another agency holds the case).
/// </summary>
internal sealed class HandOverToAgencyActivity : IResumableActivity
{
    public const string Type = "collection.hand-over-to-agency";
    public const string CompletedEvent = "collection.agency-handover-completed";
    public const string HandoverKey = "handover";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Hand over to a collection agency",
        Category = "Collection",
        Description = "Hands the case's invoices over to an agency, which then pursues them; the company stops dunning the case while the agency holds it.",
        Inputs =
        [
            new InputDescriptor("agencyId", WorkflowType.String) { Description = "The agency; the company's default agency when empty." },
            new InputDescriptor("items", WorkflowType.String)
            {
                AllowedValues = ["AllOverdue", "AllOpen"],
                Default = JsonSerializer.SerializeToElement("AllOverdue"),
                Description = "Which of the customer's open invoices (undisputed, in the currency of the oldest) are handed over.",
            },
            new InputDescriptor("note", WorkflowType.String) { Description = "What the agency should know." },
        ],
        Outputs = [new OutputDescriptor("agencyCaseId", WorkflowType.String, "The agency's case, when handed over.")],
        Ports =
        [
            new("Done"),
            new("NoAgency", "No agency was named and the company has no active default agency."),
            new("Refused", "Nothing to hand over, or the case is held by an agency already (the reason is in the journal)."),
        ],
        IsWait = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var key = context.RequestEffect(AgencyHandoverEffectHandler.EffectTypeName, new Dictionary<string, object?>
        {
            ["caseId"] = RequiredKey(context, "case"),
            ["customerId"] = RequiredKey(context, WorkflowCorrelation.CustomerKey),
            ["agencyId"] = context.GetInput<string>("agencyId"),
            ["items"] = context.GetInput<string>("items") ?? "AllOverdue",
            ["note"] = context.GetInput<string>("note"),
            ["handedOverOn"] = context.Today,
        });
        var handoverId = AgencyEffectIds.FromKey(key).ToString();
        context.State[HandoverKey] = handoverId;
        context.CreateBookmark(CompletedEvent, new Dictionary<string, string> { [HandoverKey] = handoverId }, "handover");
        return ValueTask.FromResult(ActivityResult.Suspend());
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken)
    {
        if (trigger is not StimulusTrigger { Stimulus.Payload: { } payload })
        {
            throw new InvalidOperationException($"{Type} resumes only on {CompletedEvent}.");
        }

        var port = payload.GetProperty("port").GetString()!;
        var reason = payload.TryGetProperty("reason", out var text) ? text.GetString() : null;
        context.Note(reason is null ? port : $"{port}: {reason}");
        return ValueTask.FromResult(ActivityResult.Port(port, new Dictionary<string, object?>
        {
            ["agencyCaseId"] = port == "Done" ? context.State[HandoverKey] : null,
        }));
    }

    private static string RequiredKey(ActivityContext context, string key) =>
        context.CorrelationKeys.TryGetValue(key, out var value) && Guid.TryParse(value, out _)
            ? value
            : throw new InvalidOperationException($"{Type} needs the procedure's correlation key '{key}' (a collection case's procedure has it).");
}

/// <summary>Takes the procedure's case back from the agency that holds it (nothing happens when none does).</summary>
internal sealed class RecallFromAgencyActivity : IActivity
{
    public const string Type = "collection.recall-from-agency";

    public ActivityDescriptor Descriptor { get; } = new()
    {
        Type = Type,
        DisplayName = "Recall from the collection agency",
        Category = "Collection",
        Description = "Takes the case back from its agency; the company collects it again.",
        Inputs = [new InputDescriptor("reason", WorkflowType.String)],
        Ports = [new("Done")],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var caseId = context.CorrelationKeys.TryGetValue("case", out var value) && Guid.TryParse(value, out _)
            ? value
            : throw new InvalidOperationException($"{Type} needs the procedure's correlation key 'case'.");
        context.RequestEffect(AgencyRecallEffectHandler.EffectTypeName, new Dictionary<string, object?>
        {
            ["caseId"] = caseId,
            ["reason"] = context.GetInput<string>("reason"),
            ["recalledOn"] = context.Today,
        });
        context.Note($"recall of case {caseId} requested");
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

internal static class AgencyEffectIds
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A stable id from an effect's idempotency key, so that the step and the handler agree on it and a repeat finds it.</summary>
    public static Guid FromKey(string idempotencyKey)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
