using Etrepaye.Procedures.Catalog;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Procedures.Features.ListTemplates;

/// <param name="Id">The template's definitionId in its file.</param>
/// <param name="Version">The file's version.</param>
/// <param name="File">Its path under workflows/.</param>
/// <param name="Steps">How many activities it has.</param>
public sealed record TemplateResponse(string Id, int Version, string Name, string? Description, string File, int Steps);

internal sealed record ListTemplatesQuery(PageQuery Page) : IQuery<PagedResult<TemplateResponse>>;

internal sealed class ListTemplatesHandler(TemplateLibrary library) : IRequestHandler<ListTemplatesQuery, PagedResult<TemplateResponse>>
{
    public Task<PagedResult<TemplateResponse>> Handle(ListTemplatesQuery query, CancellationToken cancellationToken)
    {
        query.Page.Validate();
        var all = library.Templates;
        var items = all.Skip((query.Page.Number - 1) * query.Page.Size).Take(query.Page.Size)
            .Select(t => new TemplateResponse(t.Id, t.Version, t.Name, t.Description, t.File, t.Definition.Activities.Count))
            .ToList();
        return Task.FromResult(new PagedResult<TemplateResponse>(items, query.Page.Number, query.Page.Size, all.Count));
    }
}

internal static class ListTemplatesEndpoint
{
    public static void MapListTemplates(this RouteGroupBuilder procedures) =>
        procedures.MapGet("templates", ([AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListTemplatesQuery(page), cancellationToken))
            .WithName("ListProcedureTemplates")
            .WithSummary("Lists the shipped template library (the definition files of workflows/, loaded at start-up, by name).");
}
