using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Ledger;

/// <summary>An item as it stood on a date: its open amount then, from its settled date and the allocations dated up to then.</summary>
internal sealed record OpenItem(
    Guid Id, Guid CustomerId, ItemType Type, string Reference, string Currency, DateOnly IssueDate, DateOnly? DueDate,
    decimal Amount, decimal OpenAmount, bool Disputed)
{
    public bool IsDebit => Type is ItemType.Invoice or ItemType.Adjustment;

    /// <summary>Items without a due date (adjustments) are due on their issue date.</summary>
    public DateOnly EffectiveDueDate => DueDate ?? IssueDate;

    public int DaysPastDue(DateOnly asOf) => Math.Max(0, asOf.DayNumber - EffectiveDueDate.DayNumber);
}

/// <summary>
/// Replays the ledger as of a date: an item is open on D when its issue date ≤ D and (it has no settled date or D &lt; settled date);
/// its open amount on D is its amount less the allocations dated on or before D.
/// </summary>
internal sealed class LedgerReader(ReceivablesDbContext db)
{
    /// <summary>
    /// The items open on the date, filtered: those still open (read through the partial index ix_items_open, which holds only
    /// them) and those settled after the date (ix_items_settled), as one UNION ALL; both indexes cover the columns the reports
    /// read, so neither half visits the table. The single condition
    /// "settled_date IS NULL OR settled_date &gt; date" made the planner read every item of the company.
    /// </summary>
    public IQueryable<Item> OpenItems(DateOnly asOf, string? currency, string? legalEntityCode, IReadOnlyCollection<Guid>? customerIds)
    {
        IQueryable<Item> Filtered(IQueryable<Item> items)
        {
            if (currency is not null)
            {
                items = items.Where(i => i.Currency == currency);
            }

            if (legalEntityCode is not null)
            {
                items = items.Where(i => db.Customers.Any(c => c.Id == i.CustomerId && c.LegalEntityCode == legalEntityCode));
            }

            return customerIds is null ? items : items.Where(i => customerIds.Contains(i.CustomerId));
        }

        var items = db.Items.AsNoTracking().Where(i => i.IssueDate <= asOf);
        return Filtered(items.Where(i => i.SettledDate == null)).Concat(Filtered(items.Where(i => i.SettledDate > asOf)));
    }

    /// <summary>
    /// The items with what the allocations dated up to the date take off each (as a target, plus what it gave as a source): two
    /// correlated sums per item, which PostgreSQL runs as lookups in ix_allocations_company_id_target_item_id / …_source_item_id.
    /// A grouped join made it hash every allocation of the company up to the date (docs/benchmarks.md has both plans).
    /// </summary>
    public IQueryable<ItemAllocated> WithAllocated(IQueryable<Item> items, DateOnly asOf)
    {
        var allocations = db.Allocations.AsNoTracking().Where(a => a.Date <= asOf);
        return items.Select(i => new ItemAllocated
        {
            Item = i,
            Allocated = (allocations.Where(a => a.TargetItemId == i.Id).Sum(a => (decimal?)(a.TargetAmount ?? a.Amount)) ?? 0m)
                + (allocations.Where(a => a.SourceItemId == i.Id).Sum(a => (decimal?)a.Amount) ?? 0m),
        });
    }

    public Task<List<OpenItem>> OpenItemsAsync(DateOnly asOf, Guid? customerId, string? currency, string? legalEntityCode, CancellationToken cancellationToken)
        => ReplayAsync(OpenItems(asOf, currency, legalEntityCode, customerId is { } customer ? [customer] : null), asOf, cancellationToken);

    /// <summary>The open items of these customers on a date: the same replay for all of them at once.</summary>
    public Task<List<OpenItem>> OpenItemsOfCustomersAsync(DateOnly asOf, IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken) =>
        ReplayAsync(OpenItems(asOf, null, null, [.. customerIds]), asOf, cancellationToken);

    private async Task<List<OpenItem>> ReplayAsync(IQueryable<Item> items, DateOnly asOf, CancellationToken cancellationToken)
    {
        var rows = await WithAllocated(items, asOf)
            .Select(x => new
            {
                x.Item.Id, x.Item.CustomerId, x.Item.Type, x.Item.Reference, x.Item.Currency, x.Item.IssueDate, x.Item.DueDate, x.Item.Amount, x.Item.Disputed,
                OpenAmount = x.Item.Amount - x.Allocated,
            })
            .Where(r => r.OpenAmount != 0m)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new OpenItem(r.Id, r.CustomerId, r.Type, r.Reference, r.Currency, r.IssueDate, r.DueDate, r.Amount, r.OpenAmount, r.Disputed))];
    }

    /// <summary>Exchange rates of the company, to convert amounts into one currency.</summary>
    public async Task<CurrencyConverter> ConverterAsync(CancellationToken cancellationToken)
    {
        var rates = await db.ExchangeRates.AsNoTracking().Select(r => new RateRow(r.Date, r.FromCurrency, r.ToCurrency, r.Rate)).ToListAsync(cancellationToken);
        return new CurrencyConverter(rates);
    }

    /// <summary>
    /// Only the rates that can convert these currencies into <paramref name="target"/> on or before the date (direct and
    /// inverse): what <see cref="CurrencyConverter.RateFor"/> reads for them. No read at all when they are all the target: a
    /// report of one currency (one customer's group, most companies) paid for every rate of the company on every request.
    /// </summary>
    public async Task<CurrencyConverter> ConverterAsync(string target, IEnumerable<string> currencies, DateOnly asOf, CancellationToken cancellationToken)
    {
        var others = currencies.Where(c => c != target).Distinct().ToList();
        if (others.Count == 0)
        {
            return new CurrencyConverter([]);
        }

        var rates = await db.ExchangeRates.AsNoTracking()
            .Where(r => r.Date <= asOf
                && ((r.ToCurrency == target && others.Contains(r.FromCurrency)) || (r.FromCurrency == target && others.Contains(r.ToCurrency))))
            .Select(r => new RateRow(r.Date, r.FromCurrency, r.ToCurrency, r.Rate))
            .ToListAsync(cancellationToken);
        return new CurrencyConverter(rates);
    }
}

internal sealed record RateRow(DateOnly Date, string From, string To, decimal Rate);

/// <summary>A rate as applied: one unit of the source currency in the target currency, and the date of the rate it came from.</summary>
internal sealed record ExchangeRateUsed(decimal Rate, DateOnly Date);

/// <summary>Converts with the latest rate dated on or before the date (a direct rate, else the inverse of the opposite rate).</summary>
internal sealed class CurrencyConverter(IReadOnlyList<RateRow> rates)
{
    public decimal? RateFor(string from, string to, DateOnly asOf) => from == to ? 1m : RateWithDate(from, to, asOf)?.Rate;

    public ExchangeRateUsed? RateWithDate(string from, string to, DateOnly asOf)
    {
        var direct = rates.Where(r => r.From == from && r.To == to && r.Date <= asOf).MaxBy(r => r.Date);
        var inverse = rates.Where(r => r.From == to && r.To == from && r.Date <= asOf).MaxBy(r => r.Date);
        if (direct is not null && (inverse is null || direct.Date >= inverse.Date))
        {
            return new ExchangeRateUsed(direct.Rate, direct.Date);
        }

        return inverse is null || inverse.Rate == 0m ? null : new ExchangeRateUsed(1m / inverse.Rate, inverse.Date);
    }
}
