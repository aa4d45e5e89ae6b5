using Etrepaye.Procedures.Assignment;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Procedures.Features.PreviewAssignmentRule;

/// <param name="Purposes">The purposes the proposed rule would apply to; empty for every purpose.</param>
/// <param name="Position">Where it would go (1-based); at the end when omitted.</param>
public sealed record ProposedRuleRequest(IReadOnlyList<ProcedurePurpose>? Purposes, AssignmentCriteria Criteria, int? Position);

/// <param name="RuleId">A saved rule to preview, or:</param>
/// <param name="Rule">a proposed rule (not saved).</param>
/// <param name="Purpose">Only rules for this purpose count as earlier rules; all rules when omitted.</param>
public sealed record PreviewAssignmentRuleRequest(Guid? RuleId, ProposedRuleRequest? Rule, ProcedurePurpose? Purpose);

/// <param name="Caught">True when the rule would give this customer its procedure; false when an earlier rule takes it first.</param>
/// <param name="EarlierRuleId">The earlier rule that takes it first, if one does.</param>
/// <param name="Balances">The customer's outstanding balances today, per currency.</param>
public sealed record PreviewCustomerResponse(
    Guid CustomerId, string Reference, string Name, string? Segment, string? Country, string? LegalEntityCode, string? RiskClass,
    IReadOnlyList<BalanceResponse> Balances, bool Caught, Guid? EarlierRuleId, string? EarlierRuleName);

public sealed record BalanceResponse(string Currency, decimal Outstanding);

/// <param name="Matched">Customers whose account meets the rule's criteria.</param>
/// <param name="Caught">Of those, the ones no earlier rule takes first.</param>
/// <param name="Customers">The matched customers by reference, paged.</param>
public sealed record PreviewAssignmentRuleResponse(int Matched, int Caught, PagedResult<PreviewCustomerResponse> Customers);

internal sealed record PreviewAssignmentRuleQuery(Guid? RuleId, ProposedRuleRequest? Rule, ProcedurePurpose? Purpose, PageQuery Page)
    : IQuery<PreviewAssignmentRuleResponse>;

internal sealed class PreviewAssignmentRuleValidator : AbstractValidator<PreviewAssignmentRuleQuery>
{
    public PreviewAssignmentRuleValidator()
    {
        RuleFor(q => q.Rule).NotNull().When(q => q.RuleId is null).WithMessage("Give a saved rule (ruleId) or a proposed rule (rule).");
        RuleFor(q => q.Rule).Null().When(q => q.RuleId is not null).WithMessage("Give ruleId or rule, not both.");
        RuleFor(q => q.Rule!.Criteria).NotNull().OverridePropertyName("rule.criteria").When(q => q.Rule is not null);
        RuleFor(q => q.Rule!.Criteria).SetValidator(new AssignmentRuleShape.AssignmentCriteriaValidator()).OverridePropertyName("rule.criteria")
            .When(q => q.Rule?.Criteria is not null);
        RuleFor(q => q.Rule!.Position).GreaterThan(0).OverridePropertyName("rule.position").When(q => q.Rule is not null);
    }
}

internal sealed class PreviewAssignmentRuleHandler(AssignmentResolver resolver) : IRequestHandler<PreviewAssignmentRuleQuery, PreviewAssignmentRuleResponse>
{
    public async Task<PreviewAssignmentRuleResponse> Handle(PreviewAssignmentRuleQuery query, CancellationToken cancellationToken)
    {
        query.Page.Validate();
        var rules = await resolver.RulesAsync(query.Purpose, cancellationToken);
        AssignmentCriteria criteria;
        int earlierCount;
        if (query.RuleId is { } ruleId)
        {
            var all = await resolver.RulesAsync(null, cancellationToken);
            var saved = all.SingleOrDefault(r => r.Rule.Id == ruleId);
            if (saved.Rule is null)
            {
                throw new NotFoundException("Assignment rule", ruleId);
            }

            criteria = saved.Criteria;
            earlierCount = rules.Count(r => r.Rule.Position < saved.Rule.Position);
        }
        else
        {
            criteria = query.Rule!.Criteria;
            earlierCount = Math.Min((query.Rule.Position ?? int.MaxValue) - 1, rules.Count);
        }

        var earlier = rules.Take(earlierCount).ToList();
        var matched = (await resolver.CustomersAsync(cancellationToken))
            .Where(criteria.Matches)
            .Select(c =>
            {
                var first = earlier.FirstOrDefault(r => r.Criteria.Matches(c)).Rule;
                return new PreviewCustomerResponse(
                    c.CustomerId, c.Reference, c.Name, c.Segment, c.Country, c.LegalEntityCode, c.RiskClass,
                    [.. c.Balances.Select(b => new BalanceResponse(b.Currency, b.Balance))], first is null, first?.Id, first?.Name);
            })
            .ToList();
        var items = matched.Skip((query.Page.Number - 1) * query.Page.Size).Take(query.Page.Size).ToList();
        return new PreviewAssignmentRuleResponse(
            matched.Count, matched.Count(c => c.Caught), new PagedResult<PreviewCustomerResponse>(items, query.Page.Number, query.Page.Size, matched.Count));
    }
}

internal static class PreviewAssignmentRuleEndpoint
{
    public static void MapPreviewAssignmentRule(this RouteGroupBuilder procedures) =>
        procedures.MapPost("assignment/preview", (PreviewAssignmentRuleRequest r, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new PreviewAssignmentRuleQuery(r.RuleId, r.Rule, r.Purpose, page), cancellationToken))
            .WithName("PreviewAssignmentRule")
            .WithSummary("Which customers a saved or proposed rule would catch today: every account meeting its criteria, marked with the earlier rule that takes it first, if any. Nothing is saved.")
            .RequireCompanyRoles(CompanyRoles.Writers)
            .ProducesValidationProblem();
}
