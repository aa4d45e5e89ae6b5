using Etrepaye.Guarantees.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.GetInsuredLimit;

internal sealed record GetInsuredLimitQuery(Guid LimitId) : IQuery<InsuredLimitResponse>;

internal sealed record ListInsuredLimitsQuery(Guid PolicyId, Guid? CustomerId, PageQuery Page) : IQuery<PagedResult<InsuredLimitResponse>>;

internal sealed class GetInsuredLimitHandler(GuaranteesDbContext db) : IRequestHandler<GetInsuredLimitQuery, InsuredLimitResponse>
{
    public async Task<InsuredLimitResponse> Handle(GetInsuredLimitQuery query, CancellationToken cancellationToken)
    {
        var limit = await db.InsuredLimits.AsNoTracking().SingleOrDefaultAsync(l => l.Id == query.LimitId, cancellationToken)
            ?? throw new NotFoundException("Insured limit", query.LimitId);
        var currency = await db.Policies.Where(p => p.Id == limit.PolicyId).Select(p => p.Currency).SingleAsync(cancellationToken);
        var history = await db.InsuredLimitChanges.AsNoTracking().Where(c => c.LimitId == limit.Id).ToListAsync(cancellationToken);
        return InsuredLimitResponse.From(limit, currency, history);
    }
}

internal sealed class ListInsuredLimitsHandler(GuaranteesDbContext db) : IRequestHandler<ListInsuredLimitsQuery, PagedResult<InsuredLimitResponse>>
{
    public async Task<PagedResult<InsuredLimitResponse>> Handle(ListInsuredLimitsQuery query, CancellationToken cancellationToken)
    {
        var currency = await db.Policies.Where(p => p.Id == query.PolicyId).Select(p => p.Currency).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Policy", query.PolicyId);
        var limits = db.InsuredLimits.AsNoTracking().Where(l => l.PolicyId == query.PolicyId);
        if (query.CustomerId is { } customer)
        {
            limits = limits.Where(l => l.CustomerId == customer);
        }

        var page = await limits.OrderBy(l => l.CustomerId).ThenBy(l => l.Id).ToPageAsync(query.Page, cancellationToken);
        var ids = page.Items.Select(l => l.Id).ToList();
        var history = await db.InsuredLimitChanges.AsNoTracking().Where(c => ids.Contains(c.LimitId)).ToListAsync(cancellationToken);
        return new PagedResult<InsuredLimitResponse>(
            page.Items.Select(l => InsuredLimitResponse.From(l, currency, history.Where(c => c.LimitId == l.Id))).ToList(), page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class GetInsuredLimitEndpoint
{
    public static void MapGetInsuredLimit(this RouteGroupBuilder guarantees)
    {
        guarantees.MapGet("limits/{limitId:guid}", (Guid limitId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetInsuredLimitQuery(limitId), cancellationToken))
            .WithName("GetInsuredLimit")
            .WithSummary("An insured limit with its history of requests and decisions.");
        guarantees.MapGet("policies/{policyId:guid}/limits", (Guid policyId, Guid? customerId, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListInsuredLimitsQuery(policyId, customerId, page), cancellationToken))
            .WithName("ListInsuredLimits")
            .WithSummary("The buyers' limits under a policy, with their histories.");
    }
}
