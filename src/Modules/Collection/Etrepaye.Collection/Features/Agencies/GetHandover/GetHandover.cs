using Etrepaye.Collection.Data;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Collection.Features.Agencies.GetHandover;

internal sealed record GetHandoverQuery(Guid CaseId) : IQuery<AgencyCaseDetailResponse>;

internal sealed class GetHandoverHandler(CollectionDbContext db, IReceivablesQueries receivables) : IRequestHandler<GetHandoverQuery, AgencyCaseDetailResponse>
{
    public async Task<AgencyCaseDetailResponse> Handle(GetHandoverQuery query, CancellationToken cancellationToken) =>
        await AgencyReads.DetailAsync(db, receivables, await AgencyReads.FindLatestForCaseAsync(db, query.CaseId, cancellationToken), cancellationToken);
}

internal static class GetHandoverEndpoint
{
    public static void MapGetHandover(this RouteGroupBuilder collection) =>
        collection.MapGet("cases/{caseId:guid}/agency-handover", (Guid caseId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetHandoverQuery(caseId), cancellationToken))
            .WithName("GetHandover")
            .WithSummary("The case's latest agency handover (held now, or the last one returned): items, amounts, documents, history, collections, direct payments.");
}
