using Etrepaye.Access.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Access.Features.ListMembers;

internal sealed record ListMembersQuery(PageQuery Page) : IQuery<PagedResult<MemberResponse>>;

internal sealed class ListMembersHandler(AccessDbContext db) : IRequestHandler<ListMembersQuery, PagedResult<MemberResponse>>
{
    public async Task<PagedResult<MemberResponse>> Handle(ListMembersQuery query, CancellationToken cancellationToken)
    {
        var rows = db.Memberships
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { Membership = m, User = u })
            .OrderBy(x => x.User.DisplayName)
            .ThenBy(x => x.Membership.Id);
        var page = await rows.ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<MemberResponse>(
            page.Items.Select(x => new MemberResponse(x.Membership.Id, x.User.Id, x.User.Email!, x.User.DisplayName, x.Membership.Roles.Order().ToList(), x.Membership.Version)).ToList(),
            page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListMembersEndpoint
{
    public static void MapListMembers(this RouteGroupBuilder company) =>
        company.MapGet("members", ([AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListMembersQuery(page), cancellationToken))
            .WithName("ListMembers")
            .WithSummary("Lists the company's members and their roles.");
}
