using Etrepaye.CreditLimits.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Features.Limits;

internal sealed record ListLimitChangesQuery(Guid CustomerId, PageQuery Page) : IQuery<PagedResult<LimitChangeResponse>>;

internal sealed class ListLimitChangesHandler(CreditLimitsDbContext db) : IRequestHandler<ListLimitChangesQuery, PagedResult<LimitChangeResponse>>
{
    public async Task<PagedResult<LimitChangeResponse>> Handle(ListLimitChangesQuery query, CancellationToken cancellationToken)
    {
        var page = await db.LimitChanges.AsNoTracking()
            .Where(c => c.CustomerId == query.CustomerId)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<LimitChangeResponse>([.. page.Items.Select(LimitMapping.From)], page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListLimitChangesEndpoint
{
    public static void MapListLimitChanges(this RouteGroupBuilder credit) =>
        credit.MapGet("limits/{customerId:guid}/history", (Guid customerId, int? page, int? pageSize, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListLimitChangesQuery(customerId, new PageQuery(page, pageSize)), cancellationToken))
            .WithName("ListCreditLimitChanges")
            .WithSummary("Every change of a customer's limit, newest first, a page at a time (who asked, why, who approved, when).")
            .RequireCompanyRoles(CompanyRoles.Readers)
            .ProducesValidationProblem();
}
