using Etrepaye.Procedures.Assignment;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.ReorderAssignmentRules;

/// <param name="RuleIds">Every rule of the company, once each, in the new order.</param>
public sealed record ReorderAssignmentRulesRequest(IReadOnlyList<Guid> RuleIds);

internal sealed record ReorderAssignmentRulesCommand(IReadOnlyList<Guid> RuleIds) : ICommand<IReadOnlyList<AssignmentRuleResponse>>;

internal sealed class ReorderAssignmentRulesValidator : AbstractValidator<ReorderAssignmentRulesCommand>
{
    public ReorderAssignmentRulesValidator() =>
        RuleFor(c => c.RuleIds).NotNull().Must(ids => ids.Distinct().Count() == ids.Count).WithMessage("Each rule appears once.");
}

internal sealed class ReorderAssignmentRulesHandler(ProceduresDbContext db) : IRequestHandler<ReorderAssignmentRulesCommand, IReadOnlyList<AssignmentRuleResponse>>
{
    public async Task<IReadOnlyList<AssignmentRuleResponse>> Handle(ReorderAssignmentRulesCommand command, CancellationToken cancellationToken)
    {
        var rules = await db.AssignmentRules.ToListAsync(cancellationToken);
        if (rules.Count != command.RuleIds.Count || rules.Any(r => !command.RuleIds.Contains(r.Id)))
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("ruleIds", "List every rule of the company exactly once.")]);
        }

        var ordered = command.RuleIds.Select(id => rules.Single(r => r.Id == id)).ToList();
        if (ordered.Count > 0)
        {
            AssignmentRuleShape.Place(ordered, ordered[0], 1);
        }

        return [.. ordered.Select(AssignmentRuleResponse.From)];
    }
}

internal static class ReorderAssignmentRulesEndpoint
{
    public static void MapReorderAssignmentRules(this RouteGroupBuilder procedures) =>
        procedures.MapPut("assignment/rules/order", (ReorderAssignmentRulesRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ReorderAssignmentRulesCommand(r.RuleIds ?? []), cancellationToken))
            .WithName("ReorderAssignmentRules")
            .WithSummary("Sets the order in which the rules are tried.")
            .RequireCompanyRoles(ProceduresModule.PublisherRoles)
            .ProducesValidationProblem();
}
