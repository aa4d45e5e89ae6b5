using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.ListProcedures;

/// <param name="DraftProblemCount">Validation problems found in the draft when it was last saved.</param>
public sealed record ProcedureSummaryResponse(
    Guid Id, string Name, string Origin, int LatestVersion, int? PublishedVersion, bool HasDraft, int DraftProblemCount, DateTimeOffset? DraftSavedAt);

internal sealed record ListProceduresQuery(PageQuery Page) : IQuery<PagedResult<ProcedureSummaryResponse>>;

internal sealed class ListProceduresHandler(ProceduresDbContext db) : IRequestHandler<ListProceduresQuery, PagedResult<ProcedureSummaryResponse>>
{
    public Task<PagedResult<ProcedureSummaryResponse>> Handle(ListProceduresQuery query, CancellationToken cancellationToken) =>
        db.Procedures.AsNoTracking().OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new ProcedureSummaryResponse(p.Id, p.Name, p.Origin, p.LatestVersion, p.PublishedVersion, p.Draft != null, p.DraftProblemCount, p.DraftSavedAt))
            .ToPageAsync(query.Page, cancellationToken);
}

internal static class ListProceduresEndpoint
{
    public static void MapListProcedures(this RouteGroupBuilder procedures) =>
        procedures.MapGet("", ([AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListProceduresQuery(page), cancellationToken))
            .WithName("ListProcedures")
            .WithSummary("Lists the company's procedures by name, with their published version and whether they have a draft.");
}
