using Etrepaye.Disputes.Contracts;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Support;

/// <summary>
/// What disputes hold out of collection, for the Collection module: the amount of every dispute not closed, and the accepted
/// amount of a resolved dispute until its credit note is recorded. The ERP's own Disputed flag on an item is not counted here.
/// </summary>
internal sealed class DisputedAmounts(DisputesDbContext db) : IDisputedAmounts
{
    public async Task<IReadOnlyDictionary<Guid, decimal>> GetHeldAmountsAsync(IReadOnlyCollection<Guid> invoiceIds, CancellationToken cancellationToken) =>
        await HeldAsync(db, invoiceIds, cancellationToken);

    public async Task<IReadOnlyList<OpenDisputeDto>> GetOpenDisputesAsync(Guid customerId, CancellationToken cancellationToken) =>
        (await GetOpenDisputesOfCustomersAsync([customerId], cancellationToken)).GetValueOrDefault(customerId) ?? [];

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<OpenDisputeDto>>> GetOpenDisputesOfCustomersAsync(
        IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken)
    {
        var customers = customerIds.Distinct().ToList();
        var disputes = await db.Disputes.AsNoTracking()
            .Where(d => customers.Contains(d.CustomerId) && Dispute.NotClosed.Contains(d.Status))
            .ToListAsync(cancellationToken);
        if (disputes.Count == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<OpenDisputeDto>>();
        }

        var ids = disputes.Select(d => d.Id).ToList();
        var lines = (await db.Lines.AsNoTracking().Where(l => ids.Contains(l.DisputeId)).ToListAsync(cancellationToken)).ToLookup(l => l.DisputeId);
        return disputes.GroupBy(d => d.CustomerId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<OpenDisputeDto>)
            [
                .. g.OrderByDescending(d => d.OpenedOn).ThenByDescending(d => d.Number).Select(d => new OpenDisputeDto(
                    d.Id, d.Reference, d.ReasonCode, d.Status.ToString(), d.OpenedOn, d.DueDate,
                    [.. lines[d.Id].OrderBy(l => l.InvoiceReference).Select(l => new DisputedInvoice(l.InvoiceId, new Money(l.Amount, d.Currency)))],
                    d.PublicNote)),
            ]);
    }

    /// <summary>Per invoice, what the disputes of the company in scope hold now.</summary>
    public static async Task<Dictionary<Guid, decimal>> HeldAsync(DisputesDbContext db, IReadOnlyCollection<Guid> invoiceIds, CancellationToken cancellationToken)
    {
        var ids = invoiceIds.Distinct().ToList();
        var rows = await db.Lines.AsNoTracking()
            .Where(l => ids.Contains(l.InvoiceId))
            .Join(db.Disputes.AsNoTracking(), l => l.DisputeId, d => d.Id, (l, d) => new { l.InvoiceId, l.Amount, l.AcceptedAmount, d.Status, d.SettledOn })
            .Where(x => Dispute.NotClosed.Contains(x.Status) || (x.Status == DisputeStatus.Resolved && x.SettledOn == null))
            .ToListAsync(cancellationToken);
        return rows
            .GroupBy(x => x.InvoiceId)
            .Select(g => (g.Key, Held: g.Sum(x => Dispute.NotClosed.Contains(x.Status) ? x.Amount : x.AcceptedAmount)))
            .Where(x => x.Held > 0m)
            .ToDictionary(x => x.Key, x => x.Held);
    }
}
