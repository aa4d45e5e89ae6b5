using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.DeleteLibraryTemplate;

internal sealed record DeleteLibraryTemplateCommand(Guid TemplateId) : ICommand<bool>;

internal sealed class DeleteLibraryTemplateHandler(ProceduresDbContext db, RequestContext requestContext) : IRequestHandler<DeleteLibraryTemplateCommand, bool>
{
    public async Task<bool> Handle(DeleteLibraryTemplateCommand command, CancellationToken cancellationToken)
    {
        var owner = requestContext.UserId ?? throw new ForbiddenException("A personal library belongs to a signed-in user, not to an API key.");
        var template = await db.PersonalTemplates.SingleOrDefaultAsync(t => t.Id == command.TemplateId && t.OwnerId == owner, cancellationToken)
            ?? throw new NotFoundException("Personal template", command.TemplateId);
        db.PersonalTemplates.Remove(template);
        return true;
    }
}

internal static class DeleteLibraryTemplateEndpoint
{
    public static void MapDeleteLibraryTemplate(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapDelete("/api/me/procedure-templates/{templateId:guid}", async Task<NoContent> (Guid templateId, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new DeleteLibraryTemplateCommand(templateId), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithTags("Procedures")
            .WithName("DeletePersonalTemplate")
            .WithSummary("Removes a template from the signed-in user's personal library.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
