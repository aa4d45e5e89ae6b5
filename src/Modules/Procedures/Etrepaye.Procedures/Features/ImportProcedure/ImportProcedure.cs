using System.Text.Json;
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

namespace Etrepaye.Procedures.Features.ImportProcedure;

/// <param name="Definition">A definition in the format of workflows/ (workflows/workflow.schema.json), e.g. one exported by GET …/export.</param>
/// <param name="Name">The procedure's name; the definition's when omitted.</param>
public sealed record ImportProcedureRequest(JsonElement Definition, string? Name);

internal sealed record ImportProcedureCommand(JsonElement Definition, string? Name) : ICommand<ProcedureResponse>;

internal sealed class ImportProcedureValidator : AbstractValidator<ImportProcedureCommand>
{
    public ImportProcedureValidator() => RuleFor(c => c.Name).MaximumLength(200);
}

internal sealed class ImportProcedureHandler(ProceduresDbContext db, DefinitionChecker checker, RequestContext requestContext)
    : IRequestHandler<ImportProcedureCommand, ProcedureResponse>
{
    public Task<ProcedureResponse> Handle(ImportProcedureCommand command, CancellationToken cancellationToken)
    {
        var definition = DefinitionChecker.Parse(command.Definition, "definition");
        var (procedure, problems) = checker.NewProcedure(
            requestContext.CompanyId, command.Name, definition, "import", requestContext.ActorName, $"Imported from {definition.DefinitionId} version {definition.Version}");
        db.Procedures.Add(procedure);
        return Task.FromResult(ProcedureResponse.From(procedure, problems));
    }
}

internal static class ImportProcedureEndpoint
{
    public static void MapImportProcedure(this RouteGroupBuilder procedures) =>
        procedures.MapPost("import", async Task<Created<ProcedureResponse>> (Guid companyId, ImportProcedureRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var procedure = await mediator.Send(new ImportProcedureCommand(r.Definition, r.Name), cancellationToken);
                return TypedResults.Created($"/api/companies/{companyId}/procedures/{procedure.Id}", procedure);
            })
            .WithName("ImportProcedure")
            .WithSummary("Creates a procedure from a JSON definition (format errors are a 400 naming the path; validation problems are returned with the draft).")
            .RequireCompanyRoles(ProceduresModule.EditorRoles)
            .ProducesValidationProblem();
}
