using Etrepaye.Collection.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.ListAgencies;

internal sealed record ListAgenciesQuery(bool? Active, PageQuery Page) : IQuery<PagedResult<AgencyResponse>>;

internal sealed class ListAgenciesHandler(CollectionDbContext db) : IRequestHandler<ListAgenciesQuery, PagedResult<AgencyResponse>>
{
    public async Task<PagedResult<AgencyResponse>> Handle(ListAgenciesQuery query, CancellationToken cancellationToken)
    {
        var agencies = db.Agencies.AsNoTracking();
        if (query.Active is { } active)
        {
            agencies = agencies.Where(a => a.IsActive == active);
        }

        var page = await agencies.OrderBy(a => a.Name).ThenBy(a => a.Id).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<AgencyResponse>(page.Items.Select(AgencyResponse.From).ToList(), page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListAgenciesEndpoint
{
    public static void MapListAgencies(this RouteGroupBuilder collection) =>
        collection.MapGet("agencies", (bool? active, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListAgenciesQuery(active, page), cancellationToken))
            .WithName("ListAgencies")
            .WithSummary("The company's collection agencies by name, optionally only the active (or inactive) ones.")
            .ProducesValidationProblem();
}
