using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Features.Limits;

/// <summary>A limit with the changes it went through, newest first.</summary>
/// <param name="History">The newest changes (one page); every change: GET …/credit/limits/{customerId}/history.</param>
public sealed record LimitWithHistoryResponse(LimitResponse Limit, IReadOnlyList<LimitChangeResponse> History);

internal static class LimitMapping
{
    public static LimitResponse From(CreditLimit l) => new(l.Id, l.CustomerId, l.Amount, l.Currency, l.ValidUntil, l.ReviewDate, l.RiskClass, l.Score, l.UpdatedAt, l.Version);

    public static LimitChangeResponse From(CreditLimitChange c) => new(
        c.Id, c.RequestId, c.PreviousAmount, c.PreviousCurrency, c.Amount, c.Currency, c.ValidUntil, c.ReviewDate, c.RiskClass, c.Score, c.Reason, c.RequestedBy,
        c.ApprovedBy, c.ApproverRole, c.At);
}

internal sealed record GetLimitQuery(Guid CustomerId) : IQuery<LimitWithHistoryResponse>;

internal sealed class GetLimitHandler(CreditLimitsDbContext db) : IRequestHandler<GetLimitQuery, LimitWithHistoryResponse>
{
    public async Task<LimitWithHistoryResponse> Handle(GetLimitQuery query, CancellationToken cancellationToken)
    {
        var limit = await db.Limits.AsNoTracking().SingleOrDefaultAsync(l => l.CustomerId == query.CustomerId, cancellationToken)
            ?? throw new NotFoundException("Credit limit of customer", query.CustomerId);
        var history = await db.LimitChanges.AsNoTracking().Where(c => c.CustomerId == query.CustomerId)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(PageQuery.DefaultPageSize).ToListAsync(cancellationToken);
        return new LimitWithHistoryResponse(LimitMapping.From(limit), [.. history.Select(LimitMapping.From)]);
    }
}

internal sealed record ListLimitsQuery(PageQuery Page) : IQuery<PagedResult<LimitResponse>>;

internal sealed class ListLimitsHandler(CreditLimitsDbContext db, IReceivablesQueries receivables) : IRequestHandler<ListLimitsQuery, PagedResult<LimitResponse>>
{
    public async Task<PagedResult<LimitResponse>> Handle(ListLimitsQuery query, CancellationToken cancellationToken)
    {
        var page = await db.Limits.AsNoTracking().OrderBy(l => l.CustomerId).ToPageAsync(query.Page, cancellationToken);
        var names = await CustomerNames.ReadAsync(receivables, page.Items.Select(l => l.CustomerId), cancellationToken);
        return new PagedResult<LimitResponse>(
            [.. page.Items.Select(LimitMapping.From)
                .Select(l => names.TryGetValue(l.CustomerId, out var c) ? l with { CustomerReference = c.Reference, CustomerName = c.Name } : l)],
            page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class LimitEndpoints
{
    public static void MapLimits(this RouteGroupBuilder credit)
    {
        credit.MapGet("limits", (int? page, int? pageSize, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListLimitsQuery(new PageQuery(page, pageSize)), cancellationToken))
            .WithName("ListCreditLimits")
            .WithSummary("The company's credit limits.")
            .RequireCompanyRoles(CompanyRoles.Readers);
        credit.MapGet("limits/{customerId:guid}", (Guid customerId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetLimitQuery(customerId), cancellationToken))
            .WithName("GetCreditLimit")
            .WithSummary("A customer's limit and its newest changes (who asked, why, who approved, when); all of them: …/history.")
            .RequireCompanyRoles(CompanyRoles.Readers);
    }
}
