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
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.PublishProcedure;

/// <param name="Comment">What changed, kept in the version history; the draft's comment when omitted.</param>
public sealed record PublishProcedureRequest(string? Comment);

internal sealed record PublishProcedureCommand(Guid ProcedureId, string? Comment) : ICommand<ProcedureResponse>;

internal sealed class PublishProcedureValidator : AbstractValidator<PublishProcedureCommand>
{
    public PublishProcedureValidator() => RuleFor(c => c.Comment).MaximumLength(1000);
}

internal sealed class PublishProcedureHandler(ProceduresDbContext db, DefinitionChecker checker, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<PublishProcedureCommand, ProcedureResponse>
{
    public async Task<ProcedureResponse> Handle(PublishProcedureCommand command, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Id == command.ProcedureId, cancellationToken)
            ?? throw new NotFoundException("Procedure", command.ProcedureId);
        if (procedure.Draft is null)
        {
            throw new BusinessRuleException("no-draft", "There is no draft to publish.");
        }

        var number = procedure.LatestVersion + 1;
        var definition = DefinitionChecker.Identify(WorkflowDefinitionSerializer.Parse(procedure.Draft), procedure.Id, number);
        var problems = checker.Validate(definition, procedure.CompanyId);
        if (problems.Count > 0)
        {
            throw new BusinessRuleException(
                "definition-invalid", $"The draft has {problems.Count} validation problem(s): fix them before publishing.", null,
                new Dictionary<string, object?> { ["problems"] = DefinitionProblemResponse.From(problems) });
        }

        db.Versions.Add(new ProcedureVersion
        {
            Id = Ids.New(timeProvider),
            CompanyId = procedure.CompanyId,
            ProcedureId = procedure.Id,
            Number = number,
            Definition = WorkflowDefinitionSerializer.Serialize(definition),
            PublishedAt = timeProvider.GetUtcNow(),
            PublishedBy = requestContext.ActorName,
            Comment = command.Comment ?? procedure.DraftComment,
        });
        procedure.LatestVersion = number;
        procedure.PublishedVersion = number;
        procedure.Draft = null;
        procedure.DraftProblemCount = 0;
        procedure.DraftComment = null;
        procedure.DraftSavedAt = null;
        procedure.DraftSavedBy = null;
        await db.SaveChangesAsync(cancellationToken);
        return ProcedureResponse.From(procedure, []);
    }
}

internal static class PublishProcedureEndpoint
{
    public static void MapPublishProcedure(this RouteGroupBuilder procedures) =>
        procedures.MapPost("{procedureId:guid}/publish", (Guid procedureId, PublishProcedureRequest? r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new PublishProcedureCommand(procedureId, r?.Comment), cancellationToken))
            .WithName("PublishProcedure")
            .WithSummary("Publishes the draft as the next numbered, immutable version, which new instances then start on. Refused (422, with the problems) while the draft has validation problems.")
            .RequireCompanyRoles(ProceduresModule.PublisherRoles)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
