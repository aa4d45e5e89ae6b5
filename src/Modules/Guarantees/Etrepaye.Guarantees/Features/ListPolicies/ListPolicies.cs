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

namespace Etrepaye.Guarantees.Features.ListPolicies;

internal sealed record ListPoliciesQuery(PageQuery Page) : IQuery<PagedResult<PolicyResponse>>;

internal sealed record GetPolicyQuery(Guid PolicyId) : IQuery<PolicyResponse>;

internal sealed class ListPoliciesHandler(GuaranteesDbContext db) : IRequestHandler<ListPoliciesQuery, PagedResult<PolicyResponse>>
{
    public async Task<PagedResult<PolicyResponse>> Handle(ListPoliciesQuery query, CancellationToken cancellationToken)
    {
        var page = await db.Policies.AsNoTracking().OrderBy(p => p.PolicyNumber).ThenBy(p => p.Id).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<PolicyResponse>(page.Items.Select(PolicyResponse.From).ToList(), page.Page, page.PageSize, page.TotalCount);
    }
}

internal sealed class GetPolicyHandler(GuaranteesDbContext db) : IRequestHandler<GetPolicyQuery, PolicyResponse>
{
    public async Task<PolicyResponse> Handle(GetPolicyQuery query, CancellationToken cancellationToken) =>
        PolicyResponse.From(await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == query.PolicyId, cancellationToken)
            ?? throw new NotFoundException("Policy", query.PolicyId));
}

internal static class ListPoliciesEndpoint
{
    public static void MapListPolicies(this RouteGroupBuilder guarantees)
    {
        guarantees.MapGet("policies", ([AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListPoliciesQuery(page), cancellationToken))
            .WithName("ListInsurancePolicies")
            .WithSummary("The company's credit-insurance policies, by number.");
        guarantees.MapGet("policies/{policyId:guid}", (Guid policyId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetPolicyQuery(policyId), cancellationToken))
            .WithName("GetInsurancePolicy")
            .WithSummary("A credit-insurance policy.");
    }
}
