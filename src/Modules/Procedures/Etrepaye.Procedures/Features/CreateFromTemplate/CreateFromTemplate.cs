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

namespace Etrepaye.Procedures.Features.CreateFromTemplate;

/// <param name="TemplateId">A template of the library (GET …/procedures/templates).</param>
/// <param name="Name">The procedure's name; the template's when omitted.</param>
public sealed record CreateFromTemplateRequest(string TemplateId, string? Name);

internal sealed record CreateFromTemplateCommand(string TemplateId, string? Name) : ICommand<ProcedureResponse>;

internal sealed class CreateFromTemplateValidator : AbstractValidator<CreateFromTemplateCommand>
{
    public CreateFromTemplateValidator()
    {
        RuleFor(c => c.TemplateId).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Name).MaximumLength(200);
    }
}

internal sealed class CreateFromTemplateHandler(ProceduresDbContext db, TemplateLibrary library, DefinitionChecker checker, RequestContext requestContext)
    : IRequestHandler<CreateFromTemplateCommand, ProcedureResponse>
{
    public Task<ProcedureResponse> Handle(CreateFromTemplateCommand command, CancellationToken cancellationToken)
    {
        var template = library.Find(command.TemplateId) ?? throw new NotFoundException("Template", command.TemplateId);
        var (procedure, problems) = checker.NewProcedure(
            requestContext.CompanyId, command.Name, template.Definition, $"template:{template.Id}@{template.Version}", requestContext.ActorName,
            $"Created from template {template.Id} version {template.Version}");
        db.Procedures.Add(procedure);
        return Task.FromResult(ProcedureResponse.From(procedure, problems));
    }
}

internal static class CreateFromTemplateEndpoint
{
    public static void MapCreateFromTemplate(this RouteGroupBuilder procedures) =>
        procedures.MapPost("from-template", async Task<Created<ProcedureResponse>> (Guid companyId, CreateFromTemplateRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var procedure = await mediator.Send(new CreateFromTemplateCommand(r.TemplateId ?? "", r.Name), cancellationToken);
                return TypedResults.Created($"/api/companies/{companyId}/procedures/{procedure.Id}", procedure);
            })
            .WithName("CreateProcedureFromTemplate")
            .WithSummary("Creates a procedure whose draft is a copy of a library template (validated; problems are returned, not refused).")
            .RequireCompanyRoles(ProceduresModule.EditorRoles)
            .ProducesValidationProblem();
}
