using System.Text.Json;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Receivables.Importing;
using Etrepaye.Shared;
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
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.SaveImportMapping;

public sealed record SaveImportMappingRequest(string Name, ImportMappingDefinition Definition, long? Version);

public sealed record ImportMappingResponse(Guid Id, string Name, ImportMappingDefinition Definition, long Version)
{
    internal static ImportMappingResponse From(ImportMapping mapping) =>
        new(mapping.Id, mapping.Name, JsonSerializer.Deserialize<ImportMappingDefinition>(mapping.Definition, ImportRunner.MappingJson)!, mapping.Version);
}

/// <param name="MappingId">Null to create a mapping, else the mapping to replace (with its version).</param>
internal sealed record SaveImportMappingCommand(Guid? MappingId, string Name, ImportMappingDefinition Definition, long? Version) : ICommand<ImportMappingResponse>;

internal sealed class SaveImportMappingValidator : AbstractValidator<SaveImportMappingCommand>
{
    public SaveImportMappingValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Definition).NotNull().SetValidator(new ImportMappingDefinitionValidator());
        RuleFor(c => c.Version).NotNull().When(c => c.MappingId is not null).WithMessage("The version of the mapping being replaced is required.");
    }
}

internal sealed class SaveImportMappingHandler(ReceivablesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<SaveImportMappingCommand, ImportMappingResponse>
{
    public async Task<ImportMappingResponse> Handle(SaveImportMappingCommand command, CancellationToken cancellationToken)
    {
        var name = command.Name.Trim();
        if (await db.ImportMappings.AnyAsync(m => m.Name == name && m.Id != command.MappingId, cancellationToken))
        {
            throw new ConflictException($"An import mapping named '{name}' already exists.");
        }

        var definition = JsonSerializer.Serialize(command.Definition, ImportRunner.MappingJson);
        ImportMapping mapping;
        if (command.MappingId is { } id)
        {
            mapping = await db.ImportMappings.SingleOrDefaultAsync(m => m.Id == id, cancellationToken) ?? throw new NotFoundException("Import mapping", id);
            db.Entry(mapping).Property(m => m.Version).OriginalValue = command.Version!.Value;
            mapping.Name = name;
            mapping.Definition = definition;
        }
        else
        {
            mapping = new ImportMapping { Id = Ids.New(timeProvider), CompanyId = requestContext.CompanyId, Name = name, Definition = definition };
            db.ImportMappings.Add(mapping);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ImportMappingResponse.From(mapping);
    }
}

internal static class SaveImportMappingEndpoint
{
    public static void MapSaveImportMapping(this RouteGroupBuilder receivables)
    {
        receivables.MapPost("import-mappings", async Task<Created<ImportMappingResponse>> (Guid companyId, SaveImportMappingRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var mapping = await mediator.Send(new SaveImportMappingCommand(null, r.Name ?? "", r.Definition, null), cancellationToken);
                return TypedResults.Created($"/api/companies/{companyId}/receivables/import-mappings/{mapping.Id}", mapping);
            })
            .WithName("CreateImportMapping")
            .WithSummary("Saves a named column mapping for ledger imports.")
            .RequireCompanyRoles(ReceivablesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        receivables.MapPut("import-mappings/{mappingId:guid}", (Guid mappingId, SaveImportMappingRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new SaveImportMappingCommand(mappingId, r.Name ?? "", r.Definition, r.Version), cancellationToken))
            .WithName("UpdateImportMapping")
            .WithSummary("Replaces a saved import mapping (optimistic concurrency on version).")
            .RequireCompanyRoles(ReceivablesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
