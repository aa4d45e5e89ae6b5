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
    public async Task<List<OpenItem>> OpenItemsAsync(DateOnly asOf, Guid? customerId, string? currency, string? legalEntityCode, CancellationToken cancellationToken)
    {
        var items = db.Items.AsNoTracking().Where(i => i.IssueDate <= asOf && (i.SettledDate == null || i.SettledDate > asOf));
        if (customerId is { } customer)
        {
            items = items.Where(i => i.CustomerId == customer);
        }

        if (currency is not null)
        {
            items = items.Where(i => i.Currency == currency);
        }

        if (legalEntityCode is not null)
        {
            items = items.Where(i => db.Customers.Any(c => c.Id == i.CustomerId && c.LegalEntityCode == legalEntityCode));
        }

        return await ReplayAsync(items, asOf, cancellationToken);
    }

    /// <summary>The open items of these customers on a date: the same replay for all of them at once.</summary>
    public Task<List<OpenItem>> OpenItemsOfCustomersAsync(DateOnly asOf, IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken)
    {
        var ids = customerIds.ToList();
        return ReplayAsync(
            db.Items.AsNoTracking().Where(i => ids.Contains(i.CustomerId) && i.IssueDate <= asOf && (i.SettledDate == null || i.SettledDate > asOf)),
            asOf, cancellationToken);
    }

    private async Task<List<OpenItem>> ReplayAsync(IQueryable<Item> items, DateOnly asOf, CancellationToken cancellationToken)
    {
        var rows = await items
            .Select(i => new OpenItem(i.Id, i.CustomerId, i.Type, i.Reference, i.Currency, i.IssueDate, i.DueDate, i.Amount, i.Amount, i.Disputed))
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return rows;
        }

        var allocations = db.Allocations.AsNoTracking().Where(a => a.Date <= asOf);
        var toTargets = await allocations.Join(items, a => a.TargetItemId, i => i.Id, (a, i) => new { ItemId = a.TargetItemId, Amount = a.TargetAmount ?? a.Amount })
            .ToListAsync(cancellationToken);
        var fromSources = await allocations.Join(items, a => a.SourceItemId, i => (Guid?)i.Id, (a, i) => new { ItemId = i.Id, a.Amount })
            .ToListAsync(cancellationToken);
        var allocated = new Dictionary<Guid, decimal>();
        foreach (var allocation in toTargets.Concat(fromSources))
        {
            allocated[allocation.ItemId] = allocated.GetValueOrDefault(allocation.ItemId) + allocation.Amount;
        }

        return rows
            .Select(r => allocated.TryGetValue(r.Id, out var done) ? r with { OpenAmount = r.Amount - done } : r)
            .Where(r => r.OpenAmount != 0m)
            .ToList();
    }

    /// <summary>Exchange rates of the company, to convert amounts into one currency.</summary>
    public async Task<CurrencyConverter> ConverterAsync(CancellationToken cancellationToken)
    {
        var rates = await db.ExchangeRates.AsNoTracking().Select(r => new RateRow(r.Date, r.FromCurrency, r.ToCurrency, r.Rate)).ToListAsync(cancellationToken);
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
