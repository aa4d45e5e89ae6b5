using System.Text.Json;
using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.SaveDraft;

/// <param name="Definition">The whole definition (format of workflows/); its definitionId and version are replaced by the procedure's.</param>
/// <param name="Name">Renames the procedure when given.</param>
/// <param name="Comment">Why it changed; becomes the default comment of the next publication.</param>
/// <param name="Version">The procedure's version as read (optimistic concurrency: 409 when someone saved since).</param>
public sealed record SaveDraftRequest(JsonElement Definition, string? Name, string? Comment, long Version);

internal sealed record SaveDraftCommand(Guid ProcedureId, JsonElement Definition, string? Name, string? Comment, long Version) : ICommand<ProcedureResponse>;

internal sealed class SaveDraftValidator : AbstractValidator<SaveDraftCommand>
{
    public SaveDraftValidator()
    {
        RuleFor(c => c.Name).MaximumLength(200);
        RuleFor(c => c.Comment).MaximumLength(1000);
    }
}

internal sealed class SaveDraftHandler(ProceduresDbContext db, DefinitionChecker checker, RequestContext requestContext)
    : IRequestHandler<SaveDraftCommand, ProcedureResponse>
{
    public async Task<ProcedureResponse> Handle(SaveDraftCommand command, CancellationToken cancellationToken)
    {
        var definition = DefinitionChecker.Parse(command.Definition, "definition");
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Id == command.ProcedureId, cancellationToken)
            ?? throw new NotFoundException("Procedure", command.ProcedureId);
        db.Entry(procedure).Property(p => p.Version).OriginalValue = command.Version;
        if (!string.IsNullOrWhiteSpace(command.Name))
        {
            procedure.Name = command.Name.Trim();
        }

        procedure.Description = definition.Description;
        var problems = checker.SaveDraft(procedure, definition, command.Comment, requestContext.ActorName);
        await db.SaveChangesAsync(cancellationToken);
        return ProcedureResponse.From(procedure, problems);
    }
}

internal static class SaveDraftEndpoint
{
    public static void MapSaveDraft(this RouteGroupBuilder procedures) =>
        procedures.MapPut("{procedureId:guid}/draft", (Guid procedureId, SaveDraftRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new SaveDraftCommand(procedureId, r.Definition, r.Name, r.Comment, r.Version), cancellationToken))
            .WithName("SaveProcedureDraft")
            .WithSummary("Saves the draft: validated by the engine, its problems returned with their locations, saved even when there are some.")
            .RequireCompanyRoles(ProceduresModule.EditorRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
