using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.DeleteDraft;

internal sealed record DeleteDraftCommand(Guid ProcedureId) : ICommand<bool>;

internal sealed class DeleteDraftHandler(ProceduresDbContext db) : IRequestHandler<DeleteDraftCommand, bool>
{
    public async Task<bool> Handle(DeleteDraftCommand command, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Id == command.ProcedureId, cancellationToken)
            ?? throw new NotFoundException("Procedure", command.ProcedureId);
        if (procedure.Draft is null)
        {
            throw new NotFoundException("Procedure draft", command.ProcedureId);
        }

        if (procedure.LatestVersion == 0)
        {
            // Never published: the draft is all there is, so the procedure goes with it (unless a rule still names it).
            if (await db.AssignmentRules.AnyAsync(r => r.ProcedureId == procedure.Id, cancellationToken)
                || await db.DefaultProcedures.AnyAsync(d => d.ProcedureId == procedure.Id, cancellationToken))
            {
                throw new BusinessRuleException("procedure-assigned", "An assignment rule or a default names this procedure: change it first.");
            }

            db.Procedures.Remove(procedure);
            return true;
        }

        procedure.Draft = null;
        procedure.DraftProblemCount = 0;
        procedure.DraftComment = null;
        procedure.DraftSavedAt = null;
        procedure.DraftSavedBy = null;
        return false;
    }
}

internal static class DeleteDraftEndpoint
{
    public static void MapDeleteDraft(this RouteGroupBuilder procedures) =>
        procedures.MapDelete("{procedureId:guid}/draft", async Task<NoContent> (Guid procedureId, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new DeleteDraftCommand(procedureId), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("DeleteProcedureDraft")
            .WithSummary("Deletes the draft; a procedure never published is deleted with it. Published versions are never deleted.")
            .RequireCompanyRoles(ProceduresModule.EditorRoles)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
