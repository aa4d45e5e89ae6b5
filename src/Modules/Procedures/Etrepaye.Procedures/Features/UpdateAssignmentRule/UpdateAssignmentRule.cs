using Etrepaye.Procedures.Assignment;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.UpdateAssignmentRule;

/// <param name="Position">Moves the rule to this 1-based position when given.</param>
/// <param name="Version">The rule's version as read (409 when it changed since).</param>
public sealed record UpdateAssignmentRuleRequest(
    string Name, Guid ProcedureId, IReadOnlyList<ProcedurePurpose>? Purposes, AssignmentCriteria Criteria, int? Position, long Version);

internal sealed record UpdateAssignmentRuleCommand(
    Guid RuleId, string Name, Guid ProcedureId, IReadOnlyList<ProcedurePurpose> Purposes, AssignmentCriteria? Criteria, int? Position, long Version)
    : ICommand<AssignmentRuleResponse>;

internal sealed class UpdateAssignmentRuleValidator : AbstractValidator<UpdateAssignmentRuleCommand>
{
    public UpdateAssignmentRuleValidator()
    {
        this.AddRuleShape(c => c.Name, c => c.Criteria);
        RuleFor(c => c.Position).GreaterThan(0);
    }
}

internal sealed class UpdateAssignmentRuleHandler(ProceduresDbContext db) : IRequestHandler<UpdateAssignmentRuleCommand, AssignmentRuleResponse>
{
    public async Task<AssignmentRuleResponse> Handle(UpdateAssignmentRuleCommand command, CancellationToken cancellationToken)
    {
        var rules = await db.AssignmentRules.OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var rule = rules.SingleOrDefault(r => r.Id == command.RuleId) ?? throw new NotFoundException("Assignment rule", command.RuleId);
        await AssignmentRuleShape.EnsureProcedureAsync(db, command.ProcedureId, cancellationToken);
        db.Entry(rule).Property(r => r.Version).OriginalValue = command.Version;
        rule.Name = command.Name.Trim();
        rule.ProcedureId = command.ProcedureId;
        rule.Purposes = [.. command.Purposes.Distinct()];
        rule.Criteria = command.Criteria!.ToJson();
        if (command.Position is { } position)
        {
            AssignmentRuleShape.Place(rules, rule, position);
        }

        await db.SaveChangesAsync(cancellationToken);
        return AssignmentRuleResponse.From(rule);
    }
}

internal static class UpdateAssignmentRuleEndpoint
{
    public static void MapUpdateAssignmentRule(this RouteGroupBuilder procedures) =>
        procedures.MapPut("assignment/rules/{ruleId:guid}", (Guid ruleId, UpdateAssignmentRuleRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new UpdateAssignmentRuleCommand(ruleId, r.Name ?? "", r.ProcedureId, r.Purposes ?? [], r.Criteria, r.Position, r.Version), cancellationToken))
            .WithName("UpdateAssignmentRule")
            .WithSummary("Changes an assignment rule (and moves it when a position is given); optimistic concurrency on version.")
            .RequireCompanyRoles(ProceduresModule.PublisherRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
