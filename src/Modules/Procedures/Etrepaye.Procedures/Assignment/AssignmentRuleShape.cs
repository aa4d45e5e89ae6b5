using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Domain;
using Etrepaye.Shared.Errors;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Assignment;

/// <param name="Position">1-based position in the company's rules (first match wins).</param>
/// <param name="Purposes">The purposes it applies to; empty for every purpose.</param>
public sealed record AssignmentRuleResponse(
    Guid Id, int Position, string Name, Guid ProcedureId, IReadOnlyList<ProcedurePurpose> Purposes, AssignmentCriteria Criteria, long Version)
{
    internal static AssignmentRuleResponse From(AssignmentRule r) =>
        new(r.Id, r.Position, r.Name, r.ProcedureId, r.Purposes, AssignmentCriteria.FromJson(r.Criteria), r.Version);
}

internal static class AssignmentRuleShape
{
    public static void AddRuleShape<T>(this AbstractValidator<T> validator, Func<T, string> name, Func<T, AssignmentCriteria?> criteria)
    {
        validator.RuleFor(c => name(c)).NotEmpty().MaximumLength(200).OverridePropertyName("name");
        validator.RuleFor(c => criteria(c)).NotNull().OverridePropertyName("criteria");
        validator.RuleFor(c => criteria(c)!).SetValidator(new AssignmentCriteriaValidator()).OverridePropertyName("criteria").When(c => criteria(c) is not null);
    }

    public static async Task EnsureProcedureAsync(ProceduresDbContext db, Guid procedureId, CancellationToken cancellationToken)
    {
        if (!await db.Procedures.AnyAsync(p => p.Id == procedureId, cancellationToken))
        {
            throw new BusinessRuleException("procedure-unknown", "The procedure does not exist in this company.", "procedureId");
        }
    }

    /// <summary>Puts the rule at a 1-based position (the end when null or beyond) and renumbers the others 1..n.</summary>
    public static void Place(List<AssignmentRule> ordered, AssignmentRule rule, int? position)
    {
        ordered.Remove(rule);
        var index = position is { } p ? Math.Clamp(p - 1, 0, ordered.Count) : ordered.Count;
        ordered.Insert(index, rule);
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Position != i + 1)
            {
                ordered[i].Position = i + 1;
            }
        }
    }

    internal sealed class AssignmentCriteriaValidator : AbstractValidator<AssignmentCriteria>
    {
        public AssignmentCriteriaValidator()
        {
            RuleForEach(c => c.Segments).NotEmpty().MaximumLength(40);
            RuleForEach(c => c.Countries).Matches("^[A-Za-z]{2}$").WithMessage("A country is an ISO 3166-1 alpha-2 code.");
            RuleForEach(c => c.LegalEntities).NotEmpty().MaximumLength(40);
            RuleForEach(c => c.RiskClasses).NotEmpty().MaximumLength(40);
            RuleFor(c => c.Currency).NotEmpty().WithMessage("The currency of the outstanding range is required with a bound.")
                .When(c => c.MinOutstanding is not null || c.MaxOutstanding is not null);
            RuleFor(c => c.Currency).Matches("^[A-Z]{3}$").WithMessage("An ISO 4217 code in capitals.").When(c => c.Currency is not null);
            RuleFor(c => c.MaxOutstanding).GreaterThanOrEqualTo(c => c.MinOutstanding!.Value)
                .When(c => c.MinOutstanding is not null && c.MaxOutstanding is not null);
        }
    }
}
