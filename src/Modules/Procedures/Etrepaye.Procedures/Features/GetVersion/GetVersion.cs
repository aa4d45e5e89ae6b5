using System.Text.Json;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.GetVersion;

/// <param name="Definition">The definition as published (definitionId = the procedure's id, version = the number).</param>
public sealed record VersionResponse(
    Guid ProcedureId, int Number, DateTimeOffset PublishedAt, string PublishedBy, string? Comment, bool IsCurrent, DateTimeOffset? RetractedAt, JsonElement Definition);

internal sealed record GetVersionQuery(Guid ProcedureId, int Number) : IQuery<VersionResponse>;

internal sealed class GetVersionHandler(ProceduresDbContext db) : IRequestHandler<GetVersionQuery, VersionResponse>
{
    public async Task<VersionResponse> Handle(GetVersionQuery query, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == query.ProcedureId, cancellationToken)
            ?? throw new NotFoundException("Procedure", query.ProcedureId);
        var version = await db.Versions.AsNoTracking().SingleOrDefaultAsync(v => v.ProcedureId == procedure.Id && v.Number == query.Number, cancellationToken)
            ?? throw new NotFoundException("Procedure version", $"{procedure.Id} v{query.Number}");
        return new VersionResponse(procedure.Id, version.Number, version.PublishedAt, version.PublishedBy, version.Comment,
            procedure.PublishedVersion == version.Number, version.RetractedAt, JsonDocument.Parse(version.Definition).RootElement.Clone());
    }
}

internal static class GetVersionEndpoint
{
    public static void MapGetVersion(this RouteGroupBuilder procedures) =>
        procedures.MapGet("{procedureId:guid}/versions/{number:int}", (Guid procedureId, int number, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetVersionQuery(procedureId, number), cancellationToken))
            .WithName("GetProcedureVersion")
            .WithSummary("One published version with its definition.");
}
