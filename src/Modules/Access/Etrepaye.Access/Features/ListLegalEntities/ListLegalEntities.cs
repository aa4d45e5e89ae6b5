using Etrepaye.Access.Data;
using Etrepaye.Access.Features.AddLegalEntity;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Features.ListLegalEntities;

internal sealed record ListLegalEntitiesQuery(PageQuery Page) : IQuery<PagedResult<LegalEntityResponse>>;

internal sealed class ListLegalEntitiesHandler(AccessDbContext db) : IRequestHandler<ListLegalEntitiesQuery, PagedResult<LegalEntityResponse>>
{
    public async Task<PagedResult<LegalEntityResponse>> Handle(ListLegalEntitiesQuery query, CancellationToken cancellationToken)
    {
        var page = await db.LegalEntities.AsNoTracking().OrderBy(e => e.Code).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<LegalEntityResponse>(page.Items.Select(LegalEntityResponse.From).ToList(), page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListLegalEntitiesEndpoint
{
    public static void MapListLegalEntities(this RouteGroupBuilder company) =>
        company.MapGet("legal-entities", ([AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListLegalEntitiesQuery(page), cancellationToken))
            .WithName("ListLegalEntities")
            .WithSummary("Lists the legal entities of the company's group.");
}
