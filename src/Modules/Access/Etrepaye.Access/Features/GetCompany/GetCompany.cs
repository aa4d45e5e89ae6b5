using Etrepaye.Access.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Features.GetCompany;

internal sealed record GetCompanyQuery : IQuery<CompanyResponse>;

internal sealed class GetCompanyHandler(AccessDbContext db, RequestContext requestContext) : IRequestHandler<GetCompanyQuery, CompanyResponse>
{
    public async Task<CompanyResponse> Handle(GetCompanyQuery query, CancellationToken cancellationToken)
    {
        var company = await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == requestContext.CompanyId, cancellationToken)
            ?? throw new NotFoundException("Company", requestContext.CompanyId);
        return CompanyResponse.From(company);
    }
}

internal static class GetCompanyEndpoint
{
    public static void MapGetCompany(this RouteGroupBuilder company) =>
        company.MapGet("", (IMediator mediator, CancellationToken cancellationToken) => mediator.Send(new GetCompanyQuery(), cancellationToken))
            .WithName("GetCompany")
            .WithSummary("The company's settings: country, reporting currency, time zone, language.");
}
