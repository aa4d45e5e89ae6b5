using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features.SaveImportMapping;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.GetImportMapping;

internal sealed record GetImportMappingQuery(Guid MappingId) : IQuery<ImportMappingResponse>;

internal sealed class GetImportMappingHandler(ReceivablesDbContext db) : IRequestHandler<GetImportMappingQuery, ImportMappingResponse>
{
    public async Task<ImportMappingResponse> Handle(GetImportMappingQuery query, CancellationToken cancellationToken) =>
        ImportMappingResponse.From(await db.ImportMappings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == query.MappingId, cancellationToken)
            ?? throw new NotFoundException("Import mapping", query.MappingId));
}

internal static class GetImportMappingEndpoint
{
    public static void MapGetImportMapping(this RouteGroupBuilder receivables) =>
        receivables.MapGet("import-mappings/{mappingId:guid}", (Guid mappingId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetImportMappingQuery(mappingId), cancellationToken))
            .WithName("GetImportMapping")
            .WithSummary("A saved import mapping.");
}
