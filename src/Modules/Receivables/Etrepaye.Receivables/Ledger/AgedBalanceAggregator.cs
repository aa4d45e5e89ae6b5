using System.Linq.Expressions;
using Etrepaye.Receivables.Domain;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Ledger;

/// <summary>An item's open amount on a date, with the date it is aged from.</summary>
internal sealed class AgedRow
{
    public Guid CustomerId { get; init; }

    public required string Currency { get; init; }

    public bool Credit { get; init; }

    public bool Disputed { get; init; }

    public DateOnly AgedFrom { get; init; }

    public decimal Open { get; init; }
}

/// <summary>An item with what allocations took off it up to a date.</summary>
internal sealed class ItemAllocated
{
    public required Item Item { get; init; }

    public decimal Allocated { get; init; }
}

/// <summary>Open amounts and item counts summed by the database for one currency, bucket and side (debit or credit).</summary>
internal sealed record AgedSum(Guid CustomerId, string Currency, bool Credit, int Bucket, decimal Amount, int Count);

/// <summary>Open amounts summed by the database for one currency, side, disputed flag and "not yet due".</summary>
internal sealed record ReceivableSum(string Currency, bool Credit, bool Disputed, bool NotDue, decimal Amount);

internal sealed class AgedBucketRow
{
    public Guid CustomerId { get; init; }

    public required string Currency { get; init; }

    public bool Credit { get; init; }

    public int Bucket { get; init; }

    public decimal Open { get; init; }
}

/// <summary>
/// The aged balance summed in the database (GROUP BY bucket and currency), never loading the items: each item's open amount on the
/// as-of date is its amount less its allocations dated up to then (as <see cref="LedgerReader"/> replays it); the bucket is a CASE over
/// the date the item is aged from, whose limits are turned into dates.
/// </summary>
internal sealed class AgedBalanceAggregator(LedgerReader ledger)
{
    /// <summary>The open items on the date, filtered, with their open amount then; zero open amounts are left out.</summary>
    public IQueryable<AgedRow> OpenRows(DateOnly asOf, bool byDueDate, string? currency, string? legalEntityCode, IReadOnlyCollection<Guid>? customerIds) =>
        RowsOn(asOf, byDueDate, currency, legalEntityCode, customerIds).Where(r => r.Open != 0m);

    /// <summary>The items open on the date as aged rows, those whose open amount is zero included.</summary>
    private IQueryable<AgedRow> RowsOn(DateOnly asOf, bool byDueDate, string? currency, string? legalEntityCode, IReadOnlyCollection<Guid>? customerIds) =>
        ledger.WithAllocated(ledger.OpenItems(asOf, currency, legalEntityCode, customerIds), asOf)
            .Select(x => new AgedRow
            {
                CustomerId = x.Item.CustomerId,
                Currency = x.Item.Currency,
                Credit = x.Item.Type == ItemType.Payment || x.Item.Type == ItemType.CreditNote,
                Disputed = x.Item.Disputed,
                AgedFrom = byDueDate ? x.Item.DueDate ?? x.Item.IssueDate : x.Item.IssueDate,
                Open = x.Item.Amount - x.Allocated,
            });

    /// <summary>
    /// Open amounts on the date per currency, side, disputed flag and whether not yet due (by due date): the KPIs' receivables. Zero open
    /// amounts are summed too (they add nothing): without <see cref="OpenRows"/>' filter (<see cref="RowsOn"/>), EF does not repeat the allocations' two
    /// lookups per item in a WHERE.
    /// </summary>
    public Task<List<ReceivableSum>> ReceivablesAsync(DateOnly asOf, string? currency, CancellationToken cancellationToken) =>
        RowsOn(asOf, true, currency, null, null)
            .GroupBy(r => new { r.Currency, r.Credit, r.Disputed, NotDue = r.AgedFrom >= asOf })
            .Select(g => new ReceivableSum(g.Key.Currency, g.Key.Credit, g.Key.Disputed, g.Key.NotDue, g.Sum(r => r.Open)))
            .ToListAsync(cancellationToken);

    /// <summary>Sums per currency, side and bucket; per customer too when <paramref name="perCustomer"/>.</summary>
    public async Task<List<AgedSum>> SumAsync(IQueryable<AgedRow> rows, DateOnly asOf, IReadOnlyList<int> limits, bool perCustomer, CancellationToken cancellationToken)
    {
        var bucketed = rows.Select(BucketProjection(asOf, limits));
        if (perCustomer)
        {
            return await bucketed
                .GroupBy(r => new { r.CustomerId, r.Currency, r.Credit, r.Bucket })
                .Select(g => new AgedSum(g.Key.CustomerId, g.Key.Currency, g.Key.Credit, g.Key.Bucket, g.Sum(r => r.Open), g.Count()))
                .ToListAsync(cancellationToken);
        }

        return await bucketed
            .GroupBy(r => new { r.Currency, r.Credit, r.Bucket })
            .Select(g => new AgedSum(Guid.Empty, g.Key.Currency, g.Key.Credit, g.Key.Bucket, g.Sum(r => r.Open), g.Count()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// row ⇒ bucket 0 when aged from the as-of date or later, k when aged from within limit k (days before the as-of date), the last bucket
    /// otherwise: the same as <see cref="KpiFormulas.Bucket"/> over the days between the two dates.
    /// </summary>
    private static Expression<Func<AgedRow, AgedBucketRow>> BucketProjection(DateOnly asOf, IReadOnlyList<int> limits)
    {
        var row = Expression.Parameter(typeof(AgedRow), "r");
        var agedFrom = Expression.Property(row, nameof(AgedRow.AgedFrom));
        Expression bucket = Expression.Constant(limits.Count + 1);
        for (var k = limits.Count - 1; k >= 0; k--)
        {
            bucket = Expression.Condition(
                Expression.GreaterThanOrEqual(agedFrom, Expression.Constant(asOf.AddDays(-limits[k]))), Expression.Constant(k + 1), bucket);
        }

        bucket = Expression.Condition(Expression.GreaterThanOrEqual(agedFrom, Expression.Constant(asOf)), Expression.Constant(0), bucket);
        var body = Expression.MemberInit(
            Expression.New(typeof(AgedBucketRow)),
            Expression.Bind(typeof(AgedBucketRow).GetProperty(nameof(AgedBucketRow.CustomerId))!, Expression.Property(row, nameof(AgedRow.CustomerId))),
            Expression.Bind(typeof(AgedBucketRow).GetProperty(nameof(AgedBucketRow.Currency))!, Expression.Property(row, nameof(AgedRow.Currency))),
            Expression.Bind(typeof(AgedBucketRow).GetProperty(nameof(AgedBucketRow.Credit))!, Expression.Property(row, nameof(AgedRow.Credit))),
            Expression.Bind(typeof(AgedBucketRow).GetProperty(nameof(AgedBucketRow.Bucket))!, bucket),
            Expression.Bind(typeof(AgedBucketRow).GetProperty(nameof(AgedBucketRow.Open))!, Expression.Property(row, nameof(AgedRow.Open))));
        return Expression.Lambda<Func<AgedRow, AgedBucketRow>>(body, row);
    }
}
