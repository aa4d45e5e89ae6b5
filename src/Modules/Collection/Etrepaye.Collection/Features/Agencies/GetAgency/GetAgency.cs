using Etrepaye.Collection.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.GetAgency;

internal sealed record GetAgencyQuery(Guid AgencyId) : IQuery<AgencyResponse>;

internal sealed class GetAgencyHandler(CollectionDbContext db) : IRequestHandler<GetAgencyQuery, AgencyResponse>
{
    public async Task<AgencyResponse> Handle(GetAgencyQuery query, CancellationToken cancellationToken) =>
        AgencyResponse.From(await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == query.AgencyId, cancellationToken)
            ?? throw new NotFoundException("Agency", query.AgencyId));
}

internal static class GetAgencyEndpoint
{
    public static void MapGetAgency(this RouteGroupBuilder collection) =>
        collection.MapGet("agencies/{agencyId:guid}", (Guid agencyId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetAgencyQuery(agencyId), cancellationToken))
            .WithName("GetAgency")
            .WithSummary("A collection agency's record.");
}
