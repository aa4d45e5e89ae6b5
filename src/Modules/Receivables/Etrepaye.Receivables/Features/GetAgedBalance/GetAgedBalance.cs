using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Ledger;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.GetAgedBalance;

/// <param name="Label">"Not due", "1-30", …, "> 90".</param>
/// <param name="FromDays">Lowest days past due (or since issue) in the bucket; null for "not due".</param>
/// <param name="ToDays">Highest; null for the last bucket.</param>
public sealed record AgingBucketDefinition(string Label, int? FromDays, int? ToDays);

public sealed record AgedAmount(decimal Amount, int Count);

/// <param name="NotDue">Open debits not yet due (basis invoiceDate: issued on the as-of date itself).</param>
/// <param name="Buckets">Open debits in each past-due bucket, in the order of the response's bucket definitions.</param>
/// <param name="UnappliedCredits">Unapplied payments and unused credit notes (not aged).</param>
/// <param name="Balance">Total open debits minus unapplied credits.</param>
public sealed record AgedLine(
    string Currency, AgedAmount NotDue, IReadOnlyList<AgedAmount> Buckets, AgedAmount TotalOverdue, AgedAmount TotalOpen, AgedAmount UnappliedCredits, decimal Balance);

public sealed record CustomerAgedBalance(Guid CustomerId, string Reference, string Name, IReadOnlyList<AgedLine> Lines);

/// <param name="Currency">The reporting currency.</param>
/// <param name="Line">All currencies converted with the latest rate on or before the as-of date; null when a rate is missing.</param>
/// <param name="RatesUsed">The rates applied, "USD→EUR 0.92 (2013-12-31)".</param>
/// <param name="MissingRates">Currencies without a rate to the reporting currency.</param>
public sealed record ConvertedTotal(string Currency, AgedLine? Line, IReadOnlyList<string> RatesUsed, IReadOnlyList<string> MissingRates);

/// <param name="Totals">One line per currency: amounts of different currencies are never added together.</param>
/// <param name="ReportingCurrencyTotal">All currencies converted into the reporting currency, when no currency filter was given.</param>
public sealed record AgedBalanceResponse(
    DateOnly AsOf, string Basis, string? Currency, string? Entity, IReadOnlyList<AgingBucketDefinition> BucketDefinitions,
    IReadOnlyList<AgedLine> Totals, ConvertedTotal? ReportingCurrencyTotal, PagedResult<CustomerAgedBalance> Customers);

internal sealed record GetAgedBalanceQuery(DateOnly? AsOf, string? Currency, string? Entity, string? Basis, PageQuery Page) : IQuery<AgedBalanceResponse>;

internal sealed class GetAgedBalanceValidator : AbstractValidator<GetAgedBalanceQuery>
{
    public GetAgedBalanceValidator()
    {
        RuleFor(q => q.AsOf).NotNull().WithMessage("asOf (YYYY-MM-DD) is required.");
        RuleFor(q => q.Currency!).Must(Etrepaye.Shared.Contracts.Currency.IsKnown).When(q => q.Currency is not null).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.");
        RuleFor(q => q.Basis).Must(b => b is null or "dueDate" or "invoiceDate").WithMessage("basis is dueDate or invoiceDate.");
    }
}

internal sealed class GetAgedBalanceHandler(ReceivablesDbContext db, LedgerReader ledger, AgedBalanceAggregator aggregator, RequestContext requestContext)
    : IRequestHandler<GetAgedBalanceQuery, AgedBalanceResponse>
{
    public async Task<AgedBalanceResponse> Handle(GetAgedBalanceQuery query, CancellationToken cancellationToken)
    {
        query.Page.Validate();
        var asOf = query.AsOf!.Value;
        var basis = query.Basis ?? "dueDate";
        var settings = await db.Settings.AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Receivables settings of company", requestContext.CompanyId);
        var limits = settings.AgingBucketLimits;
        await using var transaction = await db.BeginReportAsync(cancellationToken);

        // One pass over the open items: the sums per customer give the totals, the customers with an open item and the page's lines.
        var sums = await aggregator.SumAsync(
            aggregator.OpenRows(asOf, basis == "dueDate", query.Currency, query.Entity, null), asOf, limits, perCustomer: true, cancellationToken);
        var totals = Lines(sums, limits);
        var converted = query.Currency is null ? await ConvertAsync(ledger, sums, settings.ReportingCurrency, asOf, limits, cancellationToken) : null;
        var perCustomer = sums.ToLookup(s => s.CustomerId);
        var withOpenItems = perCustomer.Select(g => g.Key).ToList();

        // In reference order (ordinal on every provider), one page at a time; the ids go as one array (or JSON) parameter.
        var collation = db.IsSqlite ? "BINARY" : "C";
        var customers = await db.Customers.AsNoTracking().Where(c => EF.Parameter(withOpenItems).Contains(c.Id))
            .OrderBy(c => EF.Functions.Collate(c.Reference, collation))
            .Skip((query.Page.Number - 1) * query.Page.Size).Take(query.Page.Size)
            .Select(c => new { c.Id, c.Reference, c.Name })
            .ToListAsync(cancellationToken);
        var page = customers.Select(c => new CustomerAgedBalance(c.Id, c.Reference, c.Name, Lines(perCustomer[c.Id], limits))).ToList();
        return new AgedBalanceResponse(asOf, basis, query.Currency, query.Entity, Definitions(limits), totals, converted,
            new PagedResult<CustomerAgedBalance>(page, query.Page.Number, query.Page.Size, withOpenItems.Count));
    }

    /// <summary>Every currency converted into the reporting currency with the latest rate on or before the date; no line when a rate is missing.</summary>
    internal static async Task<ConvertedTotal> ConvertAsync(
        LedgerReader ledger, IReadOnlyList<AgedSum> sums, string target, DateOnly asOf, IReadOnlyList<int> limits, CancellationToken cancellationToken)
    {
        var currencies = sums.Select(s => s.Currency).Distinct().Order().ToList();
        var converter = await ledger.ConverterAsync(target, currencies, asOf, cancellationToken);
        var rates = currencies.ToDictionary(c => c, c => converter.RateFor(c, target, asOf));
        var missing = rates.Where(r => r.Value is null).Select(r => r.Key).ToList();
        var used = rates.Where(r => r.Value is not null && r.Key != target).Select(r => $"{r.Key}→{target} {r.Value}").ToList();
        var line = missing.Count > 0
            ? null
            : Line(target, sums.Select(s => s with { Currency = target, Amount = s.Amount * rates[s.Currency]!.Value }), limits);
        return new ConvertedTotal(target, line, used, missing);
    }

    internal static List<AgedLine> Lines(IEnumerable<AgedSum> sums, IReadOnlyList<int> limits) =>
        sums.GroupBy(s => s.Currency).OrderBy(g => g.Key).Select(g => Line(g.Key, g, limits)).ToList();

    internal static IReadOnlyList<AgingBucketDefinition> Definitions(IReadOnlyList<int> limits)
    {
        var list = new List<AgingBucketDefinition>();
        var from = 1;
        foreach (var limit in limits)
        {
            list.Add(new AgingBucketDefinition($"{from}-{limit}", from, limit));
            from = limit + 1;
        }

        list.Add(new AgingBucketDefinition($"> {limits[^1]}", from, null));
        return list;
    }

    private static AgedLine Line(string currency, IEnumerable<AgedSum> sums, IReadOnlyList<int> limits)
    {
        var all = sums.ToList();
        AgedAmount Of(Func<AgedSum, bool> selected)
        {
            var list = all.Where(selected).ToList();
            return new AgedAmount(list.Sum(s => s.Amount), list.Sum(s => s.Count));
        }

        var credits = Of(s => s.Credit);
        var open = Of(s => !s.Credit);
        return new AgedLine(
            currency,
            Of(s => !s.Credit && s.Bucket == 0),
            Enumerable.Range(1, limits.Count + 1).Select(k => Of(s => !s.Credit && s.Bucket == k)).ToList(),
            Of(s => !s.Credit && s.Bucket > 0),
            open,
            credits,
            open.Amount - credits.Amount);
    }
}

internal static class GetAgedBalanceEndpoint
{
    public static void MapGetAgedBalance(this RouteGroupBuilder receivables) =>
        receivables.MapGet("aged-balance",
                (DateOnly? asOf, string? currency, string? entity, string? basis, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new GetAgedBalanceQuery(asOf, currency, entity, basis, page), cancellationToken))
            .WithName("GetAgedBalance")
            .WithSummary("Open amounts as of a date per customer and in total, not due and per past-due bucket, per currency; customers are paged.")
            .ProducesValidationProblem();
}
