using Etrepaye.Procedures.Assignment;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.ListAssignmentRules;

internal sealed record ListAssignmentRulesQuery(PageQuery Page) : IQuery<PagedResult<AssignmentRuleResponse>>;

internal sealed class ListAssignmentRulesHandler(ProceduresDbContext db) : IRequestHandler<ListAssignmentRulesQuery, PagedResult<AssignmentRuleResponse>>
{
    public async Task<PagedResult<AssignmentRuleResponse>> Handle(ListAssignmentRulesQuery query, CancellationToken cancellationToken)
    {
        var page = await db.AssignmentRules.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<AssignmentRuleResponse>([.. page.Items.Select(AssignmentRuleResponse.From)], page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListAssignmentRulesEndpoint
{
    public static void MapListAssignmentRules(this RouteGroupBuilder procedures) =>
        procedures.MapGet("assignment/rules", ([AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListAssignmentRulesQuery(page), cancellationToken))
            .WithName("ListAssignmentRules")
            .WithSummary("The company's assignment rules in the order they are tried (first match wins).");
}
