using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Definitions;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.RollbackProcedure;

/// <param name="Version">The published version whose definition becomes the draft (it replaces the current draft).</param>
public sealed record RollbackProcedureRequest(int Version);

internal sealed record RollbackProcedureCommand(Guid ProcedureId, int Version) : ICommand<ProcedureResponse>;

internal sealed class RollbackProcedureValidator : AbstractValidator<RollbackProcedureCommand>
{
    public RollbackProcedureValidator() => RuleFor(c => c.Version).GreaterThan(0);
}

internal sealed class RollbackProcedureHandler(ProceduresDbContext db, DefinitionChecker checker, RequestContext requestContext)
    : IRequestHandler<RollbackProcedureCommand, ProcedureResponse>
{
    public async Task<ProcedureResponse> Handle(RollbackProcedureCommand command, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Id == command.ProcedureId, cancellationToken)
            ?? throw new NotFoundException("Procedure", command.ProcedureId);
        var json = await db.Versions.Where(v => v.ProcedureId == procedure.Id && v.Number == command.Version).Select(v => v.Definition)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Procedure version", $"{procedure.Id} v{command.Version}");
        var problems = checker.SaveDraft(procedure, WorkflowDefinitionSerializer.Parse(json), $"Rolled back to version {command.Version}", requestContext.ActorName);
        await db.SaveChangesAsync(cancellationToken);
        return ProcedureResponse.From(procedure, problems);
    }
}

internal static class RollbackProcedureEndpoint
{
    public static void MapRollbackProcedure(this RouteGroupBuilder procedures) =>
        procedures.MapPost("{procedureId:guid}/rollback", (Guid procedureId, RollbackProcedureRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new RollbackProcedureCommand(procedureId, r.Version), cancellationToken))
            .WithName("RollbackProcedure")
            .WithSummary("Makes an old version the new draft (to publish as the next version); the published version is unchanged until then.")
            .RequireCompanyRoles(ProceduresModule.PublisherRoles)
            .ProducesValidationProblem();
}
