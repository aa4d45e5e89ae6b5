using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.ListVersions;

/// <param name="Number">The version number (1, 2, …).</param>
/// <param name="PublishedBy">The author of the publication.</param>
/// <param name="IsCurrent">Whether new instances start on it.</param>
/// <param name="RetractedAt">When it was retracted, if it was.</param>
public sealed record VersionSummaryResponse(
    int Number, DateTimeOffset PublishedAt, string PublishedBy, string? Comment, bool IsCurrent, DateTimeOffset? RetractedAt, string? RetractedBy);

internal sealed record ListVersionsQuery(Guid ProcedureId, PageQuery Page) : IQuery<PagedResult<VersionSummaryResponse>>;

internal sealed class ListVersionsHandler(ProceduresDbContext db) : IRequestHandler<ListVersionsQuery, PagedResult<VersionSummaryResponse>>
{
    public async Task<PagedResult<VersionSummaryResponse>> Handle(ListVersionsQuery query, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == query.ProcedureId, cancellationToken)
            ?? throw new NotFoundException("Procedure", query.ProcedureId);
        var current = procedure.PublishedVersion;
        return await db.Versions.AsNoTracking().Where(v => v.ProcedureId == procedure.Id).OrderByDescending(v => v.Number)
            .Select(v => new VersionSummaryResponse(v.Number, v.PublishedAt, v.PublishedBy, v.Comment, v.Number == current, v.RetractedAt, v.RetractedBy))
            .ToPageAsync(query.Page, cancellationToken);
    }
}

internal static class ListVersionsEndpoint
{
    public static void MapListVersions(this RouteGroupBuilder procedures) =>
        procedures.MapGet("{procedureId:guid}/versions", (Guid procedureId, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListVersionsQuery(procedureId, page), cancellationToken))
            .WithName("ListProcedureVersions")
            .WithSummary("The version history, newest first: author, date and comment of each publication, and retractions.");
}
