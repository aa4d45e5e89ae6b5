using Etrepaye.CreditLimits.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Features.Blocking;

internal sealed record ListBlockChangesQuery(Guid CustomerId, PageQuery Page) : IQuery<PagedResult<BlockChangeResponse>>;

internal sealed class ListBlockChangesHandler(CreditLimitsDbContext db) : IRequestHandler<ListBlockChangesQuery, PagedResult<BlockChangeResponse>>
{
    public async Task<PagedResult<BlockChangeResponse>> Handle(ListBlockChangesQuery query, CancellationToken cancellationToken)
    {
        var page = await db.BlockChanges.AsNoTracking()
            .Where(c => c.CustomerId == query.CustomerId)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<BlockChangeResponse>([.. page.Items.Select(BlockChangeResponse.From)], page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListBlockChangesEndpoint
{
    public static void MapListBlockChanges(this RouteGroupBuilder credit) =>
        credit.MapGet("customers/{customerId:guid}/blocks", (Guid customerId, int? page, int? pageSize, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListBlockChangesQuery(customerId, new PageQuery(page, pageSize)), cancellationToken))
            .WithName("ListBlockChanges")
            .WithSummary("Every block and unblock of a customer's account, newest first, a page at a time (why, by whom, when).")
            .RequireCompanyRoles(CompanyRoles.Readers)
            .ProducesValidationProblem();
}
