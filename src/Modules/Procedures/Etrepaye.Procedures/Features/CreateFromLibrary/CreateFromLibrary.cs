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
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.CreateFromLibrary;

/// <param name="TemplateId">A template of the caller's personal library.</param>
/// <param name="Name">The procedure's name; the template's when omitted.</param>
public sealed record CreateFromLibraryRequest(Guid TemplateId, string? Name);

internal sealed record CreateFromLibraryCommand(Guid TemplateId, string? Name) : ICommand<ProcedureResponse>;

internal sealed class CreateFromLibraryValidator : AbstractValidator<CreateFromLibraryCommand>
{
    public CreateFromLibraryValidator()
    {
        RuleFor(c => c.TemplateId).NotEmpty();
        RuleFor(c => c.Name).MaximumLength(200);
    }
}

internal sealed class CreateFromLibraryHandler(ProceduresDbContext db, DefinitionChecker checker, RequestContext requestContext)
    : IRequestHandler<CreateFromLibraryCommand, ProcedureResponse>
{
    public async Task<ProcedureResponse> Handle(CreateFromLibraryCommand command, CancellationToken cancellationToken)
    {
        var owner = requestContext.UserId ?? throw new ForbiddenException("A personal library belongs to a signed-in user, not to an API key.");
        var template = await db.PersonalTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == command.TemplateId && t.OwnerId == owner, cancellationToken)
            ?? throw new NotFoundException("Personal template", command.TemplateId);
        var (procedure, problems) = checker.NewProcedure(
            requestContext.CompanyId, command.Name ?? template.Name, WorkflowDefinitionSerializer.Parse(template.Definition), $"library:{template.Id}",
            requestContext.ActorName, $"Created from personal template {template.Name}");
        db.Procedures.Add(procedure);
        return ProcedureResponse.From(procedure, problems);
    }
}

internal static class CreateFromLibraryEndpoint
{
    public static void MapCreateFromLibrary(this RouteGroupBuilder procedures) =>
        procedures.MapPost("from-library", async Task<Created<ProcedureResponse>> (Guid companyId, CreateFromLibraryRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var procedure = await mediator.Send(new CreateFromLibraryCommand(r.TemplateId, r.Name), cancellationToken);
                return TypedResults.Created($"/api/companies/{companyId}/procedures/{procedure.Id}", procedure);
            })
            .WithName("CreateProcedureFromLibrary")
            .WithSummary("Creates a procedure whose draft is a copy of a template of the caller's personal library.")
            .RequireCompanyRoles(ProceduresModule.EditorRoles)
            .ProducesValidationProblem();
}
