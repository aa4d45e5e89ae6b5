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

    public async Task<ProcedureAssignment?> ResolveAsync(CustomerAccountDto customer, ProcedurePurpose purpose, CancellationToken cancellationToken) =>
        Match(customer, await RulesAsync(purpose, cancellationToken)) ?? await DefaultAsync(purpose, cancellationToken);

    /// <summary>
    /// The customer's reference and procedure for a purpose; null when the customer does not exist. The customer's balances (its open
    /// items) are read only when a rule has to be matched: without rules for the purpose, one light read of the customer is enough.
    /// </summary>
    public async Task<(string CustomerReference, ProcedureAssignment? Assignment)?> ResolveForCustomerAsync(
        Guid customerId, ProcedurePurpose purpose, CancellationToken cancellationToken)
    {
        var rules = await RulesAsync(purpose, cancellationToken);
        if (rules.Count > 0)
        {
            var account = await CustomerAsync(customerId, cancellationToken);
            return account is null ? null : (account.Reference, Match(account, rules) ?? await DefaultAsync(purpose, cancellationToken));
        }

        var customer = (await receivables.GetCustomersAsync([customerId], cancellationToken)).SingleOrDefault();
        return customer is null ? null : (customer.Reference, await DefaultAsync(purpose, cancellationToken));
    }

    /// <summary>
    /// <see cref="ResolveForCustomerAsync"/> for many customers: one read of the customers when no rule applies to the purpose, one
    /// read of their accounts and balances together otherwise.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, (string CustomerReference, ProcedureAssignment? Assignment)>> ResolveForCustomersAsync(
        IReadOnlyCollection<Guid> customerIds, ProcedurePurpose purpose, CancellationToken cancellationToken)
    {
        var rules = await RulesAsync(purpose, cancellationToken);
        var resolved = new Dictionary<Guid, (string, ProcedureAssignment?)>();
        if (rules.Count > 0)
        {
            // The customers' balances are read together, and the company's default once for the batch.
            var accounts = await receivables.GetCustomerAccountsAsync(customerIds, await clock.TodayAsync(db.CurrentCompanyId, cancellationToken), cancellationToken);
            var fallbackForBatch = accounts.Count == 0 ? null : await DefaultAsync(purpose, cancellationToken);
            foreach (var account in accounts)
            {
                resolved[account.CustomerId] = (account.Reference, Match(account, rules) ?? fallbackForBatch);
            }

            return resolved;
        }

        var customers = await receivables.GetCustomersAsync(customerIds, cancellationToken);
        var fallback = customers.Count == 0 ? null : await DefaultAsync(purpose, cancellationToken);
        foreach (var customer in customers)
        {
            resolved[customer.Id] = (customer.Reference, fallback);
        }

        return resolved;
    }

    private static ProcedureAssignment? Match(CustomerAccountDto customer, IReadOnlyList<(AssignmentRule Rule, AssignmentCriteria Criteria)> rules) =>
        rules.Where(r => r.Criteria.Matches(customer)).Select(r => new ProcedureAssignment(r.Rule.ProcedureId, r.Rule.Id, r.Rule.Name)).FirstOrDefault();

    private async Task<ProcedureAssignment?> DefaultAsync(ProcedurePurpose purpose, CancellationToken cancellationToken)
    {
        var fallback = await db.DefaultProcedures.AsNoTracking().SingleOrDefaultAsync(d => d.Purpose == purpose, cancellationToken);
        return fallback is null ? null : new ProcedureAssignment(fallback.ProcedureId, null, null);
    }

    public async Task<CustomerAccountDto?> CustomerAsync(Guid customerId, CancellationToken cancellationToken) =>
        await receivables.GetCustomerAccountAsync(customerId, await clock.TodayAsync(db.CurrentCompanyId, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<CustomerAccountDto>> CustomersAsync(CancellationToken cancellationToken) =>
        await receivables.ListCustomerAccountsAsync(await clock.TodayAsync(db.CurrentCompanyId, cancellationToken), cancellationToken);
}
