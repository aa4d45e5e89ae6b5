using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Disputes.Contracts;
using Etrepaye.Receivables.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Interest;

/// <summary>One overdue invoice's interest and indemnity.</summary>
public sealed record InvoiceInterestResponse(
    Guid ItemId, string Reference, DateOnly DueDate, string Currency, decimal OpenAmount, decimal ExcludedAmount, decimal Basis, int DaysLate,
    decimal Interest, decimal Indemnity, string IndemnityCurrency, IReadOnlyList<InterestSegmentResponse> Segments);

/// <param name="Principal">The amount open during the segment (it changes with each partial payment).</param>
public sealed record InterestSegmentResponse(DateOnly From, DateOnly To, int Days, decimal Principal, decimal Rate, decimal Interest, string Explanation);

/// <summary>Totals of one currency (indemnities are in EUR, whatever the invoice's currency).</summary>
public sealed record InterestTotalResponse(string Currency, decimal Principal, decimal Interest);

public sealed record InterestResponse(
    Guid CustomerId, Guid? CaseId, DateOnly AsOf, string Basis, decimal? ContractualRate, bool Indemnity, IReadOnlyList<InvoiceInterestResponse> Invoices,
    IReadOnlyList<InterestTotalResponse> Totals, decimal IndemnityTotal);

/// <summary>Interest of a customer's overdue invoices on a date, disputed amounts left out, with the rates the company knows.</summary>
internal sealed class InterestService(CollectionDbContext db, IReceivablesQueries receivables, IDisputedAmounts disputedAmounts)
{
    public const decimal IndemnityPerInvoice = 40m;

    public async Task<RateHistory> RatesAsync(CancellationToken cancellationToken)
    {
        var companyId = db.CurrentCompanyId;
        var rows = await db.ReferenceRates.AsNoTracking().Where(r => r.CompanyId == null || r.CompanyId == companyId).ToListAsync(cancellationToken);

        // A company's own rate for a date replaces the shipped one.
        List<(DateOnly, decimal)> Of(ReferenceRateKind kind) =>
        [
            .. rows.Where(r => r.Kind == kind).GroupBy(r => r.EffectiveFrom)
                .Select(g => (g.Key, (g.FirstOrDefault(r => r.CompanyId != null) ?? g.First()).Rate)).OrderBy(r => r.Key),
        ];

        return new RateHistory(Of(ReferenceRateKind.EcbMainRefinancing), Of(ReferenceRateKind.FrenchLegalRateProfessional));
    }

    public async Task<InterestResponse> ComputeAsync(
        Guid customerId, Guid? caseId, DateOnly asOf, InterestTerms terms, bool indemnity, CancellationToken cancellationToken)
    {
        var rates = await RatesAsync(cancellationToken);
        var open = await receivables.GetOpenItemsAsync(customerId, asOf, cancellationToken);
        var invoices = open.Where(i => i.Type == "Invoice" && i.OpenAmount.Amount > 0 && i.DueDate is { } due && due < asOf).ToList();
        var held = invoices.Count == 0
            ? new Dictionary<Guid, decimal>()
            : await disputedAmounts.GetHeldAmountsAsync([.. invoices.Select(i => i.ItemId)], cancellationToken);
        var settlements = (invoices.Count == 0 ? [] : await receivables.GetSettlementsAsync([.. invoices.Select(i => i.ItemId)], asOf, cancellationToken))
            .ToLookup(s => s.ItemId, s => (s.Date, s.Amount));
        var lines = new List<InvoiceInterestResponse>();
        foreach (var invoice in invoices)
        {
            var excluded = invoice.Disputed ? invoice.OpenAmount.Amount : Math.Min(held.GetValueOrDefault(invoice.ItemId), invoice.OpenAmount.Amount);
            var basis = invoice.OpenAmount.Amount - excluded;
            if (basis <= 0)
            {
                continue;
            }

            var result = InterestCalculator.Compute(basis, invoice.DueDate!.Value, asOf, terms, rates, [.. settlements[invoice.ItemId]]);
            lines.Add(new InvoiceInterestResponse(
                invoice.ItemId, invoice.Reference, invoice.DueDate.Value, invoice.OpenAmount.Currency, invoice.OpenAmount.Amount, excluded, basis, result.DaysLate,
                result.Interest, indemnity ? IndemnityPerInvoice : 0m, "EUR",
                [.. result.Segments.Select(s => new InterestSegmentResponse(s.From, s.To, s.Days, s.Principal, s.Rate, s.Interest, s.RateExplanation))]));
        }

        var totals = lines.GroupBy(l => l.Currency).OrderBy(g => g.Key)
            .Select(g => new InterestTotalResponse(g.Key, g.Sum(l => l.Basis), g.Sum(l => l.Interest))).ToList();
        return new InterestResponse(
            customerId, caseId, asOf, terms.Basis.ToString(), terms.ContractualRate, indemnity, lines, totals, lines.Sum(l => l.Indemnity));
    }
}
