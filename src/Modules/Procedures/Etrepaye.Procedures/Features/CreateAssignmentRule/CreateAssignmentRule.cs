using Etrepaye.Procedures.Assignment;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.CreateAssignmentRule;

/// <param name="ProcedureId">The procedure the matched customers get (its published version runs).</param>
/// <param name="Purposes">The purposes it applies to; empty or omitted for every purpose.</param>
/// <param name="Position">1-based position among the rules; the end when omitted.</param>
public sealed record CreateAssignmentRuleRequest(string Name, Guid ProcedureId, IReadOnlyList<ProcedurePurpose>? Purposes, AssignmentCriteria Criteria, int? Position);

internal sealed record CreateAssignmentRuleCommand(string Name, Guid ProcedureId, IReadOnlyList<ProcedurePurpose> Purposes, AssignmentCriteria? Criteria, int? Position)
    : ICommand<AssignmentRuleResponse>;

internal sealed class CreateAssignmentRuleValidator : AbstractValidator<CreateAssignmentRuleCommand>
{
    public CreateAssignmentRuleValidator()
    {
        this.AddRuleShape(c => c.Name, c => c.Criteria);
        RuleFor(c => c.Position).GreaterThan(0);
    }
}

internal sealed class CreateAssignmentRuleHandler(ProceduresDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CreateAssignmentRuleCommand, AssignmentRuleResponse>
{
    public async Task<AssignmentRuleResponse> Handle(CreateAssignmentRuleCommand command, CancellationToken cancellationToken)
    {
        await AssignmentRuleShape.EnsureProcedureAsync(db, command.ProcedureId, cancellationToken);
        var rules = await db.AssignmentRules.OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var rule = new AssignmentRule
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            Name = command.Name.Trim(),
            ProcedureId = command.ProcedureId,
            Purposes = [.. command.Purposes.Distinct()],
            Criteria = command.Criteria!.ToJson(),
        };
        AssignmentRuleShape.Place(rules, rule, command.Position);
        db.AssignmentRules.Add(rule);
        return AssignmentRuleResponse.From(rule);
    }
}

internal static class CreateAssignmentRuleEndpoint
{
    public static void MapCreateAssignmentRule(this RouteGroupBuilder procedures) =>
        procedures.MapPost("assignment/rules", async Task<Created<AssignmentRuleResponse>> (Guid companyId, CreateAssignmentRuleRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var rule = await mediator.Send(new CreateAssignmentRuleCommand(r.Name ?? "", r.ProcedureId, r.Purposes ?? [], r.Criteria, r.Position), cancellationToken);
                return TypedResults.Created($"/api/companies/{companyId}/procedures/assignment/rules/{rule.Id}", rule);
            })
            .WithName("CreateAssignmentRule")
            .WithSummary("Adds an assignment rule at a position (the others move down): customers it matches get its procedure, unless an earlier rule matches them.")
            .RequireCompanyRoles(ProceduresModule.PublisherRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
