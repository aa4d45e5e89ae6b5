using Etrepaye.Procedures.Assignment;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.DeleteAssignmentRule;

internal sealed record DeleteAssignmentRuleCommand(Guid RuleId) : ICommand<bool>;

internal sealed class DeleteAssignmentRuleHandler(ProceduresDbContext db) : IRequestHandler<DeleteAssignmentRuleCommand, bool>
{
    public async Task<bool> Handle(DeleteAssignmentRuleCommand command, CancellationToken cancellationToken)
    {
        var rules = await db.AssignmentRules.OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var rule = rules.SingleOrDefault(r => r.Id == command.RuleId) ?? throw new NotFoundException("Assignment rule", command.RuleId);
        db.AssignmentRules.Remove(rule);
        rules.Remove(rule);
        if (rules.Count > 0)
        {
            AssignmentRuleShape.Place(rules, rules[0], 1);
        }

        return true;
    }
}

internal static class DeleteAssignmentRuleEndpoint
{
    public static void MapDeleteAssignmentRule(this RouteGroupBuilder procedures) =>
        procedures.MapDelete("assignment/rules/{ruleId:guid}", async Task<NoContent> (Guid ruleId, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new DeleteAssignmentRuleCommand(ruleId), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("DeleteAssignmentRule")
            .WithSummary("Removes an assignment rule; the rules after it move up.")
            .RequireCompanyRoles(ProceduresModule.PublisherRoles);
}
