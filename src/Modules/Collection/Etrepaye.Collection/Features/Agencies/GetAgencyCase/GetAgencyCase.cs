using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Collection.Features.Agencies.GetAgencyCase;

internal sealed record GetAgencyCaseQuery(Guid AgencyId, Guid AgencyCaseId) : IQuery<AgencyCaseDetailResponse>;

internal sealed class GetAgencyCaseHandler(CollectionDbContext db, IReceivablesQueries receivables) : IRequestHandler<GetAgencyCaseQuery, AgencyCaseDetailResponse>
{
    public async Task<AgencyCaseDetailResponse> Handle(GetAgencyCaseQuery query, CancellationToken cancellationToken) =>
        await AgencyReads.DetailAsync(db, receivables, await AgencyReads.FindForAgencyAsync(db, query.AgencyCaseId, query.AgencyId, cancellationToken), cancellationToken);
}

internal static class GetAgencyCaseEndpoint
{
    public static void MapGetAgencyCase(this RouteGroupBuilder agency) =>
        agency.MapGet("cases/{agencyCaseId:guid}", (Guid agencyCaseId, AgencyCaller caller, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetAgencyCaseQuery(caller.AgencyId, agencyCaseId), cancellationToken))
            .WithName("AgencyGetCase")
            .WithSummary("A case handed over to the calling agency: debtor, items and amounts, documents, the company's notes and the history, collections, direct payments.");
}
