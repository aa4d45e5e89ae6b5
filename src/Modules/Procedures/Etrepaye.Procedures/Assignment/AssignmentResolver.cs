using Etrepaye.Access.Contracts;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Domain;
using Etrepaye.Receivables.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Assignment;

/// <summary>The procedure a customer gets for a purpose, and the rule (none for the default) that gave it.</summary>
internal sealed record ProcedureAssignment(Guid ProcedureId, Guid? RuleId, string? RuleName);

/// <summary>Tries the company's rules in position order (first match wins), then the default procedure of the purpose.</summary>
internal sealed class AssignmentResolver(ProceduresDbContext db, IReceivablesQueries receivables, ICompanyClock clock)
{

    public async Task<IReadOnlyList<(AssignmentRule Rule, AssignmentCriteria Criteria)>> RulesAsync(ProcedurePurpose? purpose, CancellationToken cancellationToken)
    {
        var rules = await db.AssignmentRules.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        return [.. rules.Where(r => purpose is null || r.Purposes.Length == 0 || r.Purposes.Contains(purpose.Value))
            .Select(r => (r, AssignmentCriteria.FromJson(r.Criteria)))];
    }

    public async Task<ProcedureAssignment?> ResolveAsync(CustomerAccountDto customer, ProcedurePurpose purpose, CancellationToken cancellationToken)
    {
        foreach (var (rule, criteria) in await RulesAsync(purpose, cancellationToken))
        {
            if (criteria.Matches(customer))
            {
                return new ProcedureAssignment(rule.ProcedureId, rule.Id, rule.Name);
            }
        }

        var fallback = await db.DefaultProcedures.AsNoTracking().SingleOrDefaultAsync(d => d.Purpose == purpose, cancellationToken);
        return fallback is null ? null : new ProcedureAssignment(fallback.ProcedureId, null, null);
    }

    public async Task<CustomerAccountDto?> CustomerAsync(Guid customerId, CancellationToken cancellationToken) =>
        await receivables.GetCustomerAccountAsync(customerId, await clock.TodayAsync(db.CurrentCompanyId, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<CustomerAccountDto>> CustomersAsync(CancellationToken cancellationToken) =>
        await receivables.ListCustomerAccountsAsync(await clock.TodayAsync(db.CurrentCompanyId, cancellationToken), cancellationToken);
}
