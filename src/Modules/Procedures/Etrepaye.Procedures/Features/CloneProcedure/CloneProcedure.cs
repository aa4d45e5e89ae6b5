using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.CloneProcedure;

/// <param name="Name">The new procedure's name; "Copy of …" when omitted.</param>
/// <param name="Version">The published version to clone; the draft (else the latest version) when omitted.</param>
public sealed record CloneProcedureRequest(string? Name, int? Version);

internal sealed record CloneProcedureCommand(Guid ProcedureId, string? Name, int? Version) : ICommand<ProcedureResponse>;

internal sealed class CloneProcedureValidator : AbstractValidator<CloneProcedureCommand>
{
    public CloneProcedureValidator()
    {
        RuleFor(c => c.Name).MaximumLength(200);
        RuleFor(c => c.Version).GreaterThan(0);
    }
}

internal sealed class CloneProcedureHandler(ProceduresDbContext db, DefinitionChecker checker, RequestContext requestContext)
    : IRequestHandler<CloneProcedureCommand, ProcedureResponse>
{
    public async Task<ProcedureResponse> Handle(CloneProcedureCommand command, CancellationToken cancellationToken)
    {
        var source = await ProcedureSources.LoadAsync(db, command.ProcedureId, command.Version, cancellationToken);
        var (procedure, problems) = checker.NewProcedure(
            requestContext.CompanyId, command.Name ?? $"Copy of {source.Name}", source.Definition, $"clone:{command.ProcedureId}", requestContext.ActorName,
            $"Cloned from {source.Name} ({source.What})");
        db.Procedures.Add(procedure);
        return ProcedureResponse.From(procedure, problems);
    }
}

internal static class CloneProcedureEndpoint
{
    public static void MapCloneProcedure(this RouteGroupBuilder procedures) =>
        procedures.MapPost("{procedureId:guid}/clone", async Task<Created<ProcedureResponse>> (Guid companyId, Guid procedureId, CloneProcedureRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var procedure = await mediator.Send(new CloneProcedureCommand(procedureId, r.Name, r.Version), cancellationToken);
                return TypedResults.Created($"/api/companies/{companyId}/procedures/{procedure.Id}", procedure);
            })
            .WithName("CloneProcedure")
            .WithSummary("Creates a new procedure in the company whose draft is a copy of a procedure's version or draft.")
            .RequireCompanyRoles(ProceduresModule.EditorRoles)
            .ProducesValidationProblem();
}
