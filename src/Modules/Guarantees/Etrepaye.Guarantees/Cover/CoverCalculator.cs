using Etrepaye.Guarantees.Contracts;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Cover;

/// <summary>A source of cover in its own currency, before conversion.</summary>
internal sealed record CoverSource(string Source, Guid Id, string Type, string Issuer, decimal Amount, string Currency, DateOnly? ValidUntil);

/// <summary>
/// The cover of a customer on a date: active guarantees on the customer, and group guarantees on its group head, whose validity
/// includes the date, less what was called on them by then; plus each insured limit in force on the date (its latest decision
/// effective on or before it) times its policy's coverage percentage, while the policy is in force. Amounts are converted with
/// the company's exchange rates of the date.
/// </summary>
internal sealed class CoverCalculator(GuaranteesDbContext db, IReceivablesQueries receivables)
{
    public const string GuaranteeSource = "Guarantee";
    public const string InsuredLimitSource = "InsuredLimit";

    public async Task<CoverDto?> ComputeAsync(Guid customerId, DateOnly asOf, string? currency, CancellationToken cancellationToken)
    {
        var customer = (await receivables.GetCustomersAsync([customerId], cancellationToken)).SingleOrDefault();
        return customer is null ? null : await ComputeAsync(customer, asOf, currency ?? customer.Currency, cancellationToken);
    }

    public Task<CoverDto> ComputeAsync(CustomerDto customer, DateOnly asOf, string currency, CancellationToken cancellationToken) =>
        ComputeAsync(customer.Id, [customer], asOf, currency, cancellationToken);

    public async Task<CoverDto> ComputeAsync(Guid reportedFor, IReadOnlyCollection<CustomerDto> customers, DateOnly asOf, string currency, CancellationToken cancellationToken)
    {
        var sources = await SourcesAsync(customers, asOf, cancellationToken);
        var lines = new List<CoverLineDto>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var rate = await receivables.GetExchangeRateAsync(source.Currency, currency, asOf, cancellationToken);
            decimal? amount = rate is { } r ? new Money(source.Amount * r, currency).Round().Amount : null;
            if (rate is null)
            {
                missing.Add($"{source.Currency}/{currency}");
            }

            lines.Add(new CoverLineDto(source.Source, source.Id, source.Type, source.Issuer, source.Amount, source.Currency, rate, amount, source.ValidUntil));
        }

        return new CoverDto(reportedFor, asOf, currency, lines.Sum(l => l.Amount ?? 0m), lines, [.. missing]);
    }

    public Task<List<CoverSource>> SourcesAsync(CustomerDto customer, DateOnly asOf, CancellationToken cancellationToken) =>
        SourcesAsync([customer], asOf, cancellationToken);

    /// <summary>The sources of several customers together, each guarantee or insured limit once.</summary>
    public async Task<List<CoverSource>> SourcesAsync(IReadOnlyCollection<CustomerDto> customers, DateOnly asOf, CancellationToken cancellationToken)
    {
        var ids = customers.Select(c => c.Id).ToList();
        var parents = customers.Where(c => c.ParentCustomerId is not null).Select(c => c.ParentCustomerId!.Value).Distinct().ToList();
        var guarantees = await db.Guarantees.AsNoTracking()
            .Where(g => ids.Contains(g.CustomerId) || (parents.Contains(g.CustomerId) && g.CoversGroup))
            .Where(g => g.ActivatedOn != null && g.ActivatedOn <= asOf && g.StartDate <= asOf && g.ExpiryDate >= asOf && (g.ReleasedOn == null || g.ReleasedOn > asOf))
            .OrderBy(g => g.ExpiryDate).ThenBy(g => g.Id)
            .ToListAsync(cancellationToken);
        var guaranteeIds = guarantees.Select(g => g.Id).ToList();
        var calls = await db.Calls.AsNoTracking().Where(c => guaranteeIds.Contains(c.GuaranteeId) && c.CalledOn <= asOf)
            .Select(c => new { c.GuaranteeId, c.Amount }).ToListAsync(cancellationToken);
        var sources = guarantees
            .Select(g => new CoverSource(
                GuaranteeSource, g.Id, g.Type.ToString(), g.IssuerName, g.Amount - calls.Where(c => c.GuaranteeId == g.Id).Sum(c => c.Amount), g.Currency, g.ExpiryDate))
            .Where(s => s.Amount > 0m)
            .ToList();

        var limits = await db.InsuredLimits.AsNoTracking().Where(l => ids.Contains(l.CustomerId)).OrderBy(l => l.Id).ToListAsync(cancellationToken);
        var policyIds = limits.Select(l => l.PolicyId).ToList();
        var policies = await db.Policies.AsNoTracking().Where(p => policyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var limitIds = limits.Select(l => l.Id).ToList();
        var changes = await db.InsuredLimitChanges.AsNoTracking().Where(c => limitIds.Contains(c.LimitId) && c.EffectiveDate <= asOf).ToListAsync(cancellationToken);
        foreach (var limit in limits)
        {
            var policy = policies[limit.PolicyId];
            var inForce = changes.Where(c => c.LimitId == limit.Id).OrderBy(c => c.EffectiveDate).ThenBy(c => c.At).LastOrDefault();
            if (policy.InForceOn(asOf) && inForce is { Covers: true, Amount: > 0m })
            {
                sources.Add(new CoverSource(
                    InsuredLimitSource, limit.Id, InsuredLimitSource, $"{policy.InsurerName} ({policy.PolicyNumber})",
                    inForce.Amount * policy.CoveragePercent / 100m, policy.Currency, policy.EndDate));
            }
        }

        return sources;
    }
}

/// <summary>The cover offered to other modules (credit limits), for the company of the current request context.</summary>
internal sealed class GuaranteeCover(CoverCalculator calculator, IReceivablesQueries receivables, Etrepaye.Shared.Tenancy.RequestContext requestContext) : IGuaranteeCover
{
    public Task<CoverDto?> GetCoverAsync(Guid companyId, Guid customerId, DateOnly date, string currency, CancellationToken cancellationToken)
    {
        if (requestContext.CompanyId != companyId)
        {
            throw new InvalidOperationException($"The cover of company {companyId} was asked from the scope of company {requestContext.CompanyId}.");
        }

        if (!Currency.IsKnown(currency))
        {
            throw new ArgumentException($"'{currency}' is not an ISO 4217 currency code.", nameof(currency));
        }

        return calculator.ComputeAsync(customerId, date, currency, cancellationToken);
    }

    public async Task<CoverDto> GetGroupCoverAsync(
        Guid companyId, Guid groupId, IReadOnlyCollection<Guid> customerIds, DateOnly date, string currency, CancellationToken cancellationToken)
    {
        if (requestContext.CompanyId != companyId)
        {
            throw new InvalidOperationException($"The cover of company {companyId} was asked from the scope of company {requestContext.CompanyId}.");
        }

        if (!Currency.IsKnown(currency))
        {
            throw new ArgumentException($"'{currency}' is not an ISO 4217 currency code.", nameof(currency));
        }

        var customers = await receivables.GetCustomersAsync(customerIds, cancellationToken);
        return await calculator.ComputeAsync(groupId, customers, date, currency, cancellationToken);
    }
}

internal static class GuaranteeTypes
{
    public static string Names => string.Join(", ", Enum.GetNames<GuaranteeType>());
}
