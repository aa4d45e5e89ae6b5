using Etrepaye.Access.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Features.ListMyCompanies;

/// <param name="TimeZone">The company's IANA time zone: its business dates (due dates, next dated steps) are dates in this zone.</param>
public sealed record MyCompanyResponse(Guid Id, string Name, string Country, string Currency, string TimeZone, string Language, IReadOnlyList<CompanyRole> Roles);

internal sealed record ListMyCompaniesQuery(Guid UserId, PageQuery Page) : IQuery<PagedResult<MyCompanyResponse>>;

/// <summary>The companies the signed-in person belongs to, with their roles in each (the company switcher).</summary>
internal sealed class ListMyCompaniesHandler(AccessDbContext db) : IRequestHandler<ListMyCompaniesQuery, PagedResult<MyCompanyResponse>>
{
    public async Task<PagedResult<MyCompanyResponse>> Handle(ListMyCompaniesQuery query, CancellationToken cancellationToken)
    {
        // No company is in scope yet: the user's own memberships say which companies to show.
        var rows = db.Memberships.IgnoreQueryFilters()
            .Where(m => m.UserId == query.UserId)
            .Join(db.Companies, m => m.CompanyId, c => c.Id, (m, c) => new { Company = c, m.Roles })
            .OrderBy(x => x.Company.Name)
            .ThenBy(x => x.Company.Id);
        var page = await rows.ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<MyCompanyResponse>(
            page.Items.Select(x => new MyCompanyResponse(x.Company.Id, x.Company.Name, x.Company.Country, x.Company.Currency, x.Company.TimeZone, x.Company.Language, x.Roles.Order().ToList())).ToList(),
            page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListMyCompaniesEndpoint
{
    public static void MapListMyCompanies(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/companies", HandleAsync)
            .WithTags("Companies")
            .WithName("ListMyCompanies")
            .WithSummary("Lists the companies the signed-in person is a member of, with their roles.")
            .RequireAuthorization(AccessModule.SignedInUserPolicy);

    private static Task<PagedResult<MyCompanyResponse>> HandleAsync([AsParameters] PageQuery page, RequestContext requestContext, IMediator mediator, CancellationToken cancellationToken) =>
        mediator.Send(new ListMyCompaniesQuery(requestContext.UserId!.Value, page), cancellationToken);
}
