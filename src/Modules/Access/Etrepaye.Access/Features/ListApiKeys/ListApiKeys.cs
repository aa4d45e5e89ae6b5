using Etrepaye.Access.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Access.Features.ListApiKeys;

public sealed record ApiKeyResponse(Guid Id, string Name, CompanyRole Role, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

internal sealed record ListApiKeysQuery(PageQuery Page) : IQuery<PagedResult<ApiKeyResponse>>;

internal sealed class ListApiKeysHandler(AccessDbContext db) : IRequestHandler<ListApiKeysQuery, PagedResult<ApiKeyResponse>>
{
    public Task<PagedResult<ApiKeyResponse>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken) =>
        db.ApiKeys
            .OrderByDescending(k => k.Id)
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Role, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt))
            .ToPageAsync(query.Page, cancellationToken);
}

internal static class ListApiKeysEndpoint
{
    public static void MapListApiKeys(this RouteGroupBuilder company) =>
        company.MapGet("api-keys", ([AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListApiKeysQuery(page), cancellationToken))
            .WithName("ListApiKeys")
            .WithSummary("Lists the company's API keys (never their secrets).")
            .RequireCompanyRoles(CompanyRole.Administrator);
}
