using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Support;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.ListReasons;

public sealed record DisputeReasonResponse(Guid Id, string Code, string Name, string OwnerDepartment, int SlaBusinessDays, bool Active, long Version);

internal sealed record ListReasonsQuery : IQuery<IReadOnlyList<DisputeReasonResponse>>;

internal sealed class ListReasonsHandler(DisputesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<ListReasonsQuery, IReadOnlyList<DisputeReasonResponse>>
{
    public async Task<IReadOnlyList<DisputeReasonResponse>> Handle(ListReasonsQuery query, CancellationToken cancellationToken)
    {
        // The first look at a company's reasons gives it the defaults, so that it can change them before its first dispute.
        await ReasonCatalog.EnsureAsync(db, requestContext.CompanyId, timeProvider, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await db.Reasons.AsNoTracking()
            .OrderBy(r => r.Code)
            .Select(r => new DisputeReasonResponse(r.Id, r.Code, r.Name, r.OwnerDepartment, r.SlaBusinessDays, r.Active, r.Version))
            .ToListAsync(cancellationToken);
    }
}

internal static class ListReasonsEndpoint
{
    public static void MapListReasons(this RouteGroupBuilder disputes) =>
        disputes.MapGet("reasons", (IMediator mediator, CancellationToken cancellationToken) => mediator.Send(new ListReasonsQuery(), cancellationToken))
            .WithName("ListDisputeReasons")
            .WithSummary("The company's dispute reasons with their owner department and SLA in business days (defaults: price, quantity, quality, delivery, billing-error, duplicate, other).");
}
