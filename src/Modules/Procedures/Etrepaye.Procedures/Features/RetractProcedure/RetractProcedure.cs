using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.RetractProcedure;

internal sealed record RetractProcedureCommand(Guid ProcedureId) : ICommand<ProcedureResponse>;

internal sealed class RetractProcedureHandler(ProceduresDbContext db, DefinitionChecker checker, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<RetractProcedureCommand, ProcedureResponse>
{
    public async Task<ProcedureResponse> Handle(RetractProcedureCommand command, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Id == command.ProcedureId, cancellationToken)
            ?? throw new NotFoundException("Procedure", command.ProcedureId);
        if (procedure.PublishedVersion is not { } published)
        {
            throw new BusinessRuleException("not-published", "No version of this procedure is published.");
        }

        var version = await db.Versions.SingleAsync(v => v.ProcedureId == procedure.Id && v.Number == published, cancellationToken);
        version.RetractedAt = timeProvider.GetUtcNow();
        version.RetractedBy = requestContext.ActorName;
        procedure.PublishedVersion = null;
        await db.SaveChangesAsync(cancellationToken);
        return ProcedureResponse.From(procedure, checker.ProblemsOfDraft(procedure));
    }
}

internal static class RetractProcedureEndpoint
{
    public static void MapRetractProcedure(this RouteGroupBuilder procedures) =>
        procedures.MapPost("{procedureId:guid}/retract", (Guid procedureId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new RetractProcedureCommand(procedureId), cancellationToken))
            .WithName("RetractProcedure")
            .WithSummary("Retracts the published version: no new instance starts on it (running ones finish on it) until a version is published again.")
            .RequireCompanyRoles(ProceduresModule.PublisherRoles)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
