using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Features.SaveToLibrary;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Definitions;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.ListLibrary;

internal sealed record ListLibraryQuery(PageQuery Page) : IQuery<PagedResult<PersonalTemplateResponse>>;

internal sealed class ListLibraryHandler(ProceduresDbContext db, RequestContext requestContext) : IRequestHandler<ListLibraryQuery, PagedResult<PersonalTemplateResponse>>
{
    public async Task<PagedResult<PersonalTemplateResponse>> Handle(ListLibraryQuery query, CancellationToken cancellationToken)
    {
        var owner = requestContext.UserId ?? throw new ForbiddenException("A personal library belongs to a signed-in user, not to an API key.");
        var page = await db.PersonalTemplates.AsNoTracking().Where(t => t.OwnerId == owner).OrderBy(t => t.Name).ThenBy(t => t.Id)
            .ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<PersonalTemplateResponse>(
            [.. page.Items.Select(t => new PersonalTemplateResponse(t.Id, t.Name, t.Description, t.SavedAt, WorkflowDefinitionSerializer.Parse(t.Definition).Activities.Count))],
            page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListLibraryEndpoint
{
    public static void MapListLibrary(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/me/procedure-templates", ([AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListLibraryQuery(page), cancellationToken))
            .WithTags("Procedures")
            .WithName("ListPersonalTemplates")
            .WithSummary("The signed-in user's personal template library (procedures they saved from any of their companies).")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
