using System.Text.Json;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.Instances;

/// <param name="DefinitionId">The procedure's id.</param>
/// <param name="Customer">The customer's id when the instance runs for a customer.</param>
/// <param name="ProcedureName">The procedure's name (null when the procedure is gone).</param>
/// <param name="CustomerReference">The customer's reference in the ledger (null without a customer).</param>
/// <param name="CustomerName">The customer's name in the ledger (null without a customer).</param>
public sealed record ProcedureInstanceSummaryResponse(
    Guid Id, string DefinitionId, int DefinitionVersion, string Status, string? Customer, bool HasIncident,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt,
    string? ProcedureName = null, string? CustomerReference = null, string? CustomerName = null);

public sealed record InstanceWaitResponse(string Kind, Guid Id, string? Event, DateTimeOffset? DueAt, string? Title);

public sealed record InstanceStepResponse(Guid ExecutionId, string ActivityId, string Status, int Attempt, DateTimeOffset StartedAt, IReadOnlyList<InstanceWaitResponse> Waits);

public sealed record InstanceIncidentResponse(Guid Id, string ActivityId, DateTimeOffset At, JsonElement Data);

/// <param name="ProcedureName">The procedure's name (null when the procedure is gone).</param>
/// <param name="Customer">The customer's id when the instance runs for a customer.</param>
/// <param name="CustomerReference">The customer's reference in the ledger (null without a customer).</param>
/// <param name="CustomerName">The customer's name in the ledger (null without a customer).</param>
public sealed record ProcedureInstanceResponse(
    Guid Id, string DefinitionId, int DefinitionVersion, string Status, string? Outcome, long Version, IReadOnlyDictionary<string, string> CorrelationKeys,
    JsonElement Inputs, JsonElement Variables, IReadOnlyList<InstanceStepResponse> Steps, IReadOnlyList<InstanceIncidentResponse> Incidents,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt,
    string? ProcedureName = null, string? Customer = null, string? CustomerReference = null, string? CustomerName = null);

internal static class ProcedureInstanceReader
{
    /// <summary>The instance of the company with its current steps and what each waits on; 404 for another company's.</summary>
    public static async Task<ProcedureInstanceResponse> ReadAsync(
        WorkflowDbContext db, InstanceNames names, Guid instanceId, CancellationToken cancellationToken)
    {
        var row = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken)
            ?? throw new Etrepaye.Shared.Errors.NotFoundException("Procedure instance", instanceId);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.InstanceId == instanceId).OrderBy(i => i.At).ToListAsync(cancellationToken);
        using var document = JsonDocument.Parse(row.Snapshot);
        var snapshot = JsonSerializer.Deserialize<InstanceSnapshot>(row.Snapshot, WorkflowJson.Options)!;
        var steps = snapshot.Executions.Select(e => new InstanceStepResponse(
            e.Id, e.ActivityId, e.Status.ToString(), e.Attempt, e.StartedAt,
            [
                .. snapshot.Bookmarks.Where(b => b.ExecutionId == e.Id).Select(b => new InstanceWaitResponse("Event", b.Id, b.EventName, null, null)),
                .. snapshot.Timers.Where(t => t.ExecutionId == e.Id).Select(t => new InstanceWaitResponse(t.Purpose == TimerPurpose.Retry ? "Retry" : "Timer", t.Id, null, t.DueAt, t.Tag)),
                .. snapshot.OpenTasks.Where(t => t.ExecutionId == e.Id).Select(t => new InstanceWaitResponse("Task", t.Id, null, null, t.Title)),
            ])).ToList();
        var named = await names.ReadAsync([row.DefinitionId], [row.Customer], cancellationToken);
        var customer = named.Customer(row.Customer);
        return new ProcedureInstanceResponse(
            row.Id, row.DefinitionId, row.DefinitionVersion, row.Status, snapshot.Outcome, row.Version, snapshot.CorrelationKeys,
            document.RootElement.GetProperty("inputs").Clone(), document.RootElement.GetProperty("variables").Clone(), steps,
            [.. incidents.Select(i => new InstanceIncidentResponse(i.Id, i.ActivityId, i.At, JsonDocument.Parse(i.Data).RootElement.Clone()))],
            row.CreatedAt, row.UpdatedAt, row.FinishedAt,
            named.Procedure(row.DefinitionId), row.Customer, customer?.Reference, customer?.Name);
    }
}
