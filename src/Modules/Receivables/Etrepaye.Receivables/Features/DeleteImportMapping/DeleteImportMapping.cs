using Etrepaye.Receivables.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.DeleteImportMapping;

internal sealed record DeleteImportMappingCommand(Guid MappingId) : ICommand<bool>;

internal sealed class DeleteImportMappingHandler(ReceivablesDbContext db) : IRequestHandler<DeleteImportMappingCommand, bool>
{
    public async Task<bool> Handle(DeleteImportMappingCommand command, CancellationToken cancellationToken)
    {
        var mapping = await db.ImportMappings.SingleOrDefaultAsync(m => m.Id == command.MappingId, cancellationToken)
            ?? throw new NotFoundException("Import mapping", command.MappingId);
        db.ImportMappings.Remove(mapping);
        return true;
    }
}

internal static class DeleteImportMappingEndpoint
{
    public static void MapDeleteImportMapping(this RouteGroupBuilder receivables) =>
        receivables.MapDelete("import-mappings/{mappingId:guid}", async Task<NoContent> (Guid mappingId, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new DeleteImportMappingCommand(mappingId), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("DeleteImportMapping")
            .WithSummary("Deletes a saved import mapping (past imports keep a copy of the mapping they used).")
            .RequireCompanyRoles(ReceivablesModule.WriterRoles);
}
