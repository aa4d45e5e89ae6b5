using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Shared.Auditing;

public sealed record AuditEntryResponse(
    Guid Id, string Module, DateTimeOffset At, Guid? ActorId, string ActorName, string Action,
    string EntityType, string EntityId, string Change, string? Before, string? After, string? CorrelationId);

/// <summary>The company's audit log across every module, newest first.</summary>
public static class ListAuditEntries
{
    public static void MapListAuditEntries(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCompanyGroup("audit", "Audit")
            .MapGet("", HandleAsync)
            .WithName("ListAuditEntries")
            .WithSummary("The audit log of business actions (who, what, when, before/after), newest first.")
            .RequireCompanyRoles(CompanyRole.Administrator, CompanyRole.CreditManager);
    }

    private static async Task<PagedResult<AuditEntryResponse>> HandleAsync(
        [AsParameters] PageQuery page, string? entityId, IServiceProvider services, ModuleDbContextRegistry registry, CancellationToken cancellationToken)
    {
        page.Validate();
        var wanted = page.Number * page.Size;
        var merged = new List<AuditEntryResponse>();
        var total = 0;
        foreach (var registration in registry.All)
        {
            var db = (ModuleDbContext)services.GetRequiredService(registration.ContextType);
            var query = db.AuditEntries.AsNoTracking();
            if (!string.IsNullOrEmpty(entityId))
            {
                query = query.Where(a => a.EntityId == entityId);
            }

            total += await query.CountAsync(cancellationToken);
            var rows = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(wanted).ToListAsync(cancellationToken);
            merged.AddRange(rows.Select(a => new AuditEntryResponse(
                a.Id, registration.Schema, a.At, a.ActorId, a.ActorName, a.Action, a.EntityType, a.EntityId, a.Change, a.Before, a.After, a.CorrelationId)));
        }

        var items = merged.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip((page.Number - 1) * page.Size).Take(page.Size).ToList();
        return new PagedResult<AuditEntryResponse>(items, page.Number, page.Size, total);
    }
}
