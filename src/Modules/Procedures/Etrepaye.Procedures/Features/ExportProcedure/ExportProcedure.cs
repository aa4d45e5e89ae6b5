using System.Text;
using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Mediation;
using Etrepaye.Workflows.Definitions;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Procedures.Features.ExportProcedure;

internal sealed record ExportProcedureQuery(Guid ProcedureId, int? Version) : IQuery<ProcedureSource>;

internal sealed class ExportProcedureHandler(ProceduresDbContext db) : IRequestHandler<ExportProcedureQuery, ProcedureSource>
{
    public Task<ProcedureSource> Handle(ExportProcedureQuery query, CancellationToken cancellationToken) =>
        ProcedureSources.LoadAsync(db, query.ProcedureId, query.Version, cancellationToken);
}

internal static class ExportProcedureEndpoint
{
    public static void MapExportProcedure(this RouteGroupBuilder procedures) =>
        procedures.MapGet("{procedureId:guid}/export", async Task<FileContentHttpResult> (Guid procedureId, int? version, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var source = await mediator.Send(new ExportProcedureQuery(procedureId, version), cancellationToken);
                var json = WorkflowDefinitionSerializer.Serialize(source.Definition);
                return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json", $"procedure-{procedureId}-{source.Version?.ToString() ?? "draft"}.json");
            })
            .WithName("ExportProcedure")
            .WithSummary("Downloads a version (or, without version, the draft, else the latest version) as a JSON definition in the format of workflows/.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
}
