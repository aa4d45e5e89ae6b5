using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Receivables.Ledger;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.GetKpis;

/// <param name="Value">Rounded to 2 decimals; null when undefined (no sales, nothing to divide by, receivables not exhausted).</param>
/// <param name="Unit">"days" or "%".</param>
public sealed record KpiFigure(string Name, decimal? Value, string Unit, string Definition);

/// <param name="IncludeDisputed">Whether disputed invoices count in the receivables.</param>
/// <param name="IncludeUnappliedCash">Whether unapplied payments and unused credit notes are deducted from the receivables.</param>
/// <param name="Sales">What "credit sales" are.</param>
/// <param name="Conversion">How amounts of other currencies were treated.</param>
public sealed record KpiOptions(bool IncludeDisputed, bool IncludeUnappliedCash, string Sales, string Conversion);

/// <param name="ReceivablesAtAsOf">Receivables on the as-of date (the basis of count-back DSO and the overdue rate).</param>
/// <param name="NotDueAtAsOf">The part not yet due on the as-of date (the basis of best possible DSO).</param>
/// <param name="OpeningReceivables">Receivables the day before the period (CEI).</param>
/// <param name="ClosingReceivables">Receivables at the end of the period (simple DSO, CEI).</param>
/// <param name="ClosingCurrentReceivables">The part not yet due at the end of the period (CEI).</param>
/// <param name="SalesOfPeriod">Credit sales from the period's first to its last day.</param>
/// <param name="Months">N, the number of calendar months the period touches.</param>
public sealed record KpiInputs(
    decimal ReceivablesAtAsOf, decimal NotDueAtAsOf, decimal OverdueAtAsOf, decimal OpeningReceivables, decimal ClosingReceivables,
    decimal ClosingCurrentReceivables, decimal SalesOfPeriod, int DaysInPeriod, int Months);

public sealed record KpisResponse(DateOnly AsOf, DateOnly From, DateOnly To, string Currency, KpiOptions Options, KpiInputs Inputs, IReadOnlyList<KpiFigure> Figures);

/// <param name="From">Defaults to the first day of the month two months before the as-of date's month (a quarter).</param>
/// <param name="To">Defaults to the as-of date.</param>
/// <param name="Currency">Only items in this currency, unconverted; without it, everything converted into the reporting currency.</param>
internal sealed record GetKpisQuery(DateOnly? AsOf, DateOnly? From, DateOnly? To, string? Currency, bool? IncludeDisputed, bool? IncludeUnappliedCash)
    : IQuery<KpisResponse>;

internal sealed class GetKpisValidator : AbstractValidator<GetKpisQuery>
{
    public GetKpisValidator()
    {
        RuleFor(q => q.AsOf).NotNull().WithMessage("asOf (YYYY-MM-DD) is required.");
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null).WithMessage("to is on or after from.");
        RuleFor(q => q.Currency!).Must(Etrepaye.Shared.Contracts.Currency.IsKnown).When(q => q.Currency is not null).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.");
    }
}

internal sealed class GetKpisHandler(ReceivablesDbContext db, LedgerReader ledger, AgedBalanceAggregator aggregator, RequestContext requestContext) : IRequestHandler<GetKpisQuery, KpisResponse>
{
    private const int CountBackMonths = 36;

    public async Task<KpisResponse> Handle(GetKpisQuery query, CancellationToken cancellationToken)
    {
        var asOf = query.AsOf!.Value;
        var to = query.To ?? asOf;
        var from = query.From ?? new DateOnly(to.Year, to.Month, 1).AddMonths(-2);
        var includeDisputed = query.IncludeDisputed ?? true;
        var includeUnapplied = query.IncludeUnappliedCash ?? false;
        var settings = await db.Settings.AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Receivables settings of company", requestContext.CompanyId);
        var currency = query.Currency ?? settings.ReportingCurrency;
        var converter = await ledger.ConverterAsync(cancellationToken);
        decimal Convert(string itemCurrency, decimal amount) =>
            query.Currency is not null ? amount : amount * (converter.RateFor(itemCurrency, currency, asOf)
                ?? throw new BusinessRuleException("exchange-rate-missing", $"No {itemCurrency}→{currency} rate on or before {asOf:yyyy-MM-dd}: set one, or ask for currency={itemCurrency}.", "currency"));

        // Summed by the database per currency, side, disputed flag and "not yet due": the host's memory does not grow with the ledger.
        // One statement per distinct date (by default the closing date is the as-of date).
        var openingDate = from.AddDays(-1);
        await using var transaction = await db.BeginReportAsync(cancellationToken);
        var sumsOn = new Dictionary<DateOnly, List<ReceivableSum>>();
        foreach (var date in new[] { asOf, openingDate, to }.Distinct())
        {
            sumsOn[date] = await aggregator.ReceivablesAsync(date, query.Currency, cancellationToken);
        }

        (decimal Total, decimal NotDue) ReceivablesOn(DateOnly date)
        {
            var sums = sumsOn[date];
            var debits = sums.Where(s => !s.Credit && (includeDisputed || !s.Disputed)).ToList();
            var total = debits.Sum(s => Convert(s.Currency, s.Amount));
            var notDue = debits.Where(s => s.NotDue).Sum(s => Convert(s.Currency, s.Amount));
            if (includeUnapplied)
            {
                var credits = sums.Where(s => s.Credit).Sum(s => Convert(s.Currency, s.Amount));
                total -= credits;
                notDue -= credits;
            }

            return (total, notDue);
        }

        var atAsOf = ReceivablesOn(asOf);
        var opening = ReceivablesOn(openingDate);
        var closing = ReceivablesOn(to);

        var earliest = new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(-CountBackMonths);
        var salesFrom = from < earliest ? from : earliest;
        var salesTo = to > asOf ? to : asOf;
        var invoices = db.Items.AsNoTracking().Where(i => i.Type == ItemType.Invoice && i.IssueDate >= salesFrom && i.IssueDate <= salesTo);
        if (query.Currency is not null)
        {
            invoices = invoices.Where(i => i.Currency == query.Currency);
        }

        // One row per day and currency, whatever the number of invoices.
        var sales = (await invoices.GroupBy(i => new { i.IssueDate, i.Currency }).Select(g => new { g.Key.IssueDate, g.Key.Currency, Amount = g.Sum(i => i.Amount) })
                .ToListAsync(cancellationToken))
            .Select(i => (i.IssueDate, Amount: Convert(i.Currency, i.Amount)))
            .ToList();
        decimal SalesBetween(DateOnly first, DateOnly last) => sales.Where(s => s.IssueDate >= first && s.IssueDate <= last).Sum(s => s.Amount);

        var months = CountBackMonthsOf(asOf).Select(m => (SalesBetween(m.First, m.Last), m.Days)).ToList();
        var periodSales = SalesBetween(from, to);
        var daysInPeriod = to.DayNumber - from.DayNumber + 1;
        var monthCount = ((to.Year * 12) + to.Month) - ((from.Year * 12) + from.Month) + 1;
        var dsoSimple = KpiFormulas.SimpleDso(closing.Total, periodSales, daysInPeriod);
        var dsoCountBack = KpiFormulas.CountBackDso(atAsOf.Total, months);
        var bestPossible = KpiFormulas.CountBackDso(atAsOf.NotDue, months);
        var add = dsoCountBack is { } dso && bestPossible is { } best ? dso - best : (decimal?)null;
        var inputs = new KpiInputs(atAsOf.Total, atAsOf.NotDue, atAsOf.Total - atAsOf.NotDue, opening.Total, closing.Total, closing.NotDue, periodSales, daysInPeriod, monthCount);
        var figures = new List<KpiFigure>
        {
            new("dsoSimple", Round(dsoSimple), "days", "Receivables at the period's end ÷ credit sales of the period × days in the period (from..to inclusive)."),
            new("dsoCountBack", Round(dsoCountBack), "days",
                "Count-back from asOf: the receivables on asOf less each month's credit sales, most recent month first (the month of asOf counts from its 1st to asOf), " +
                "adding the month's days, until exhausted; the last month adds remaining ÷ its sales × its days. Null when 36 months do not exhaust them."),
            new("bestPossibleDso", Round(bestPossible), "days", "The same count-back with only the receivables not yet due on asOf."),
            new("averageDaysDelinquent", Round(add), "days", "ADD = count-back DSO − best possible DSO."),
            new("ceiDividedByMonths", Round(KpiFormulas.Cei(opening.Total, periodSales, monthCount, closing.Total, closing.NotDue, true)), "%",
                "CEI with ÷N: (opening AR + sales ÷ N − closing AR) ÷ (opening AR + sales ÷ N − closing current AR) × 100, N = months the period touches; opening AR on the day before from, closing on to."),
            new("ceiWithoutDivision", Round(KpiFormulas.Cei(opening.Total, periodSales, monthCount, closing.Total, closing.NotDue, false)), "%",
                "CEI without ÷N (as some vendors compute it): (opening AR + sales − closing AR) ÷ (opening AR + sales − closing current AR) × 100."),
            new("overdueRate", Round(KpiFormulas.OverdueRate(atAsOf.Total - atAsOf.NotDue, atAsOf.Total)), "%", "Overdue receivables on asOf ÷ receivables on asOf × 100."),
        };
        var options = new KpiOptions(
            includeDisputed, includeUnapplied,
            "Invoices by issue date (credit notes are not deducted; disputed invoices count in sales whatever includeDisputed says).",
            query.Currency is not null
                ? $"Only items in {query.Currency}, unconverted."
                : $"Every currency converted into the reporting currency {currency} with the latest rate on or before asOf.");
        return new KpisResponse(asOf, from, to, currency, options, inputs, figures);
    }

    /// <summary>The months of a count-back from a date, most recent first: the month of the date up to the date, then whole months.</summary>
    internal static IEnumerable<(DateOnly First, DateOnly Last, int Days)> CountBackMonthsOf(DateOnly asOf)
    {
        var first = new DateOnly(asOf.Year, asOf.Month, 1);
        yield return (first, asOf, asOf.Day);
        for (var k = 1; k <= CountBackMonths; k++)
        {
            var monthFirst = first.AddMonths(-k);
            var days = DateTime.DaysInMonth(monthFirst.Year, monthFirst.Month);
            yield return (monthFirst, monthFirst.AddDays(days - 1), days);
        }
    }

    private static decimal? Round(decimal? value) => value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null;
}

internal static class GetKpisEndpoint
{
    public static void MapGetKpis(this RouteGroupBuilder receivables) =>
        receivables.MapGet("kpis",
                (DateOnly? asOf, DateOnly? from, DateOnly? to, string? currency, bool? includeDisputed, bool? includeUnappliedCash, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new GetKpisQuery(asOf, from, to, currency, includeDisputed, includeUnappliedCash), cancellationToken))
            .WithName("GetKpis")
            .WithSummary("DSO (simple, count-back), best possible DSO, ADD, CEI (both variants) and overdue rate as of a date, each with its definition.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
