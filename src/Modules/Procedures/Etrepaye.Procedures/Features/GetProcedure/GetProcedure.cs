using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.GetProcedure;

internal sealed record GetProcedureQuery(Guid ProcedureId) : IQuery<ProcedureResponse>;

internal sealed class GetProcedureHandler(ProceduresDbContext db, DefinitionChecker checker) : IRequestHandler<GetProcedureQuery, ProcedureResponse>
{
    public async Task<ProcedureResponse> Handle(GetProcedureQuery query, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == query.ProcedureId, cancellationToken)
            ?? throw new NotFoundException("Procedure", query.ProcedureId);
        return ProcedureResponse.From(procedure, checker.ProblemsOfDraft(procedure));
    }
}

internal static class GetProcedureEndpoint
{
    public static void MapGetProcedure(this RouteGroupBuilder procedures) =>
        procedures.MapGet("{procedureId:guid}", (Guid procedureId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetProcedureQuery(procedureId), cancellationToken))
            .WithName("GetProcedure")
            .WithSummary("A procedure with its draft (definition and current validation problems) and its published version.");
}
