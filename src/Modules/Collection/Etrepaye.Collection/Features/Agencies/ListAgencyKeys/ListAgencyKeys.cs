using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.ListAgencyKeys;

public sealed record AgencyKeyResponse(Guid Id, string Name, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

internal sealed record ListAgencyKeysQuery(Guid AgencyId, PageQuery Page) : IQuery<PagedResult<AgencyKeyResponse>>;

internal sealed class ListAgencyKeysHandler(CollectionDbContext db) : IRequestHandler<ListAgencyKeysQuery, PagedResult<AgencyKeyResponse>>
{
    public async Task<PagedResult<AgencyKeyResponse>> Handle(ListAgencyKeysQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Agencies.AnyAsync(a => a.Id == query.AgencyId, cancellationToken))
        {
            throw new NotFoundException("Agency", query.AgencyId);
        }

        return await db.AgencyApiKeys.AsNoTracking().Where(k => k.AgencyId == query.AgencyId).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)
            .Select(k => new AgencyKeyResponse(k.Id, k.Name, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt))
            .ToPageAsync(query.Page, cancellationToken);
    }
}

internal static class ListAgencyKeysEndpoint
{
    public static void MapListAgencyKeys(this RouteGroupBuilder collection) =>
        collection.MapGet("agencies/{agencyId:guid}/api-keys", (Guid agencyId, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListAgencyKeysQuery(agencyId, page), cancellationToken))
            .WithName("ListAgencyKeys")
            .WithSummary("The agency's API keys (never the keys themselves): when created, last used, revoked.")
            .RequireCompanyRoles(AgenciesRegistration.ManagerRoles)
            .ProducesValidationProblem();
}
