using System.Security.Claims;
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
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Procedures.Features.CopyToCompany;

/// <param name="TargetCompanyId">Another company the caller is a Consultant or CreditManager of.</param>
/// <param name="Name">The copy's name; the procedure's when omitted.</param>
/// <param name="Version">The published version to copy; the draft (else the latest version) when omitted.</param>
public sealed record CopyToCompanyRequest(Guid TargetCompanyId, string? Name, int? Version);

internal sealed record CopyToCompanyCommand(Guid ProcedureId, Guid TargetCompanyId, IReadOnlySet<CompanyRole> TargetRoles, string? Name, int? Version)
    : ICommand<ProcedureResponse>;

internal sealed class CopyToCompanyValidator : AbstractValidator<CopyToCompanyCommand>
{
    public CopyToCompanyValidator()
    {
        RuleFor(c => c.TargetCompanyId).NotEmpty();
        RuleFor(c => c.Name).MaximumLength(200);
        RuleFor(c => c.Version).GreaterThan(0);
    }
}

internal sealed class CopyToCompanyHandler(ProceduresDbContext db, DefinitionChecker checker, RequestContext requestContext)
    : IRequestHandler<CopyToCompanyCommand, ProcedureResponse>
{
    public async Task<ProcedureResponse> Handle(CopyToCompanyCommand command, CancellationToken cancellationToken)
    {
        var sourceCompany = requestContext.CompanyId;
        var source = await ProcedureSources.LoadAsync(db, command.ProcedureId, command.Version, cancellationToken);

        // From here the unit of work writes in the target company, whose membership the endpoint checked.
        requestContext.EnterCompany(command.TargetCompanyId, command.TargetRoles);
        var (procedure, problems) = checker.NewProcedure(
            command.TargetCompanyId, command.Name ?? source.Name, source.Definition, $"copy:{sourceCompany}/{source.ProcedureId}", requestContext.ActorName,
            $"Copied from another company ({source.What})");
        db.Procedures.Add(procedure);
        return ProcedureResponse.From(procedure, problems);
    }
}

internal static class CopyToCompanyEndpoint
{
    public static void MapCopyToCompany(this RouteGroupBuilder procedures) =>
        procedures.MapPost("{procedureId:guid}/copy-to-company", async Task<Created<ProcedureResponse>> (
                Guid procedureId, CopyToCompanyRequest r, ClaimsPrincipal user, ICompanyMembershipResolver memberships, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var targetRoles = await memberships.GetRolesAsync(user, r.TargetCompanyId, cancellationToken);
                if (targetRoles.Count == 0)
                {
                    throw new NotFoundException("Company", r.TargetCompanyId);
                }

                if (!targetRoles.Overlaps(ProceduresModule.DesignerRoles))
                {
                    throw new ForbiddenException("Copying a procedure needs the Consultant or CreditManager role in the target company too.");
                }

                var procedure = await mediator.Send(new CopyToCompanyCommand(procedureId, r.TargetCompanyId, targetRoles, r.Name, r.Version), cancellationToken);
                return TypedResults.Created($"/api/companies/{r.TargetCompanyId}/procedures/{procedure.Id}", procedure);
            })
            .WithName("CopyProcedureToCompany")
            .WithSummary("Copies a procedure (a version or the draft) into another company as a new procedure with that draft; the caller must be a Consultant or CreditManager of both companies.")
            .RequireCompanyRoles(ProceduresModule.DesignerRoles)
            .ProducesValidationProblem();
}
