using System.Text.Json;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared;
using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Procedures.Features.Instances;

/// <summary>
/// Writes the audit entry of an action on the engine's rows (instances, tasks). Those rows live in the engine's own
/// tables and commit in its transaction, so the entry is added here explicitly once the engine has committed.
/// </summary>
internal static class ProcedureAudit
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync(
        ProceduresDbContext db, RequestContext requestContext, TimeProvider timeProvider, string action, string entityType, Guid entityId, object? before, object after, CancellationToken cancellationToken)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            At = timeProvider.GetUtcNow(),
            ActorId = requestContext.UserId,
            ActorName = requestContext.ActorName,
            Action = action,
            EntityType = entityType,
            EntityId = entityId.ToString(),
            Change = "Modified",
            Before = before is null ? null : JsonSerializer.Serialize(before, _json),
            After = JsonSerializer.Serialize(after, _json),
            CorrelationId = requestContext.CorrelationId,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
