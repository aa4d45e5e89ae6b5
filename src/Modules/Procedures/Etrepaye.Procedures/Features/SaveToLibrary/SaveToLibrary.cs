using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Domain;
using Etrepaye.Shared;
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

namespace Etrepaye.Procedures.Features.SaveToLibrary;

/// <param name="Name">The template's name in the library; the procedure's when omitted.</param>
/// <param name="Version">The published version to keep; the draft (else the latest version) when omitted.</param>
public sealed record SaveToLibraryRequest(string? Name, int? Version);

/// <param name="Id">The personal template, usable in any company the owner works for.</param>
public sealed record PersonalTemplateResponse(Guid Id, string Name, string? Description, DateTimeOffset SavedAt, int Steps);

internal sealed record SaveToLibraryCommand(Guid ProcedureId, string? Name, int? Version) : ICommand<PersonalTemplateResponse>;

internal sealed class SaveToLibraryValidator : AbstractValidator<SaveToLibraryCommand>
{
    public SaveToLibraryValidator()
    {
        RuleFor(c => c.Name).MaximumLength(200);
        RuleFor(c => c.Version).GreaterThan(0);
    }
}

internal sealed class SaveToLibraryHandler(ProceduresDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<SaveToLibraryCommand, PersonalTemplateResponse>
{
    public async Task<PersonalTemplateResponse> Handle(SaveToLibraryCommand command, CancellationToken cancellationToken)
    {
        var owner = requestContext.UserId ?? throw new ForbiddenException("A personal library belongs to a signed-in user, not to an API key.");
        var source = await ProcedureSources.LoadAsync(db, command.ProcedureId, command.Version, cancellationToken);
        var template = new PersonalTemplate
        {
            Id = Ids.New(timeProvider),
            OwnerId = owner,
            Name = string.IsNullOrWhiteSpace(command.Name) ? source.Name : command.Name.Trim(),
            Description = source.Definition.Description,
            Definition = WorkflowDefinitionSerializer.Serialize(source.Definition with { DefinitionId = "personal-template", Version = 1 }),
            SavedAt = timeProvider.GetUtcNow(),
        };
        db.PersonalTemplates.Add(template);
        return new PersonalTemplateResponse(template.Id, template.Name, template.Description, template.SavedAt, source.Definition.Activities.Count);
    }
}

internal static class SaveToLibraryEndpoint
{
    public static void MapSaveToLibrary(this RouteGroupBuilder procedures) =>
        procedures.MapPost("{procedureId:guid}/save-to-library", async Task<Created<PersonalTemplateResponse>> (Guid procedureId, SaveToLibraryRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var template = await mediator.Send(new SaveToLibraryCommand(procedureId, r.Name, r.Version), cancellationToken);
                return TypedResults.Created($"/api/me/procedure-templates/{template.Id}", template);
            })
            .WithName("SaveProcedureToLibrary")
            .WithSummary("Keeps a copy of a procedure (a version or the draft) in the caller's personal template library, to create procedures from in any of their companies.")
            .RequireCompanyRoles(ProceduresModule.DesignerRoles)
            .ProducesValidationProblem();
}
