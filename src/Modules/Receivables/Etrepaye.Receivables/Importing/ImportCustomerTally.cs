using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Importing;

/// <summary>
/// Counts, per customer, the items an import creates, changes and settles, and writes one <see cref="ImportCustomerSummary"/>
/// per customer touched at the end of the write pass, in its transaction (one bulk insert, like the items).
/// </summary>
internal sealed class ImportCustomerTally
{
    private readonly Dictionary<Guid, long[]> _counts = [];

    public void AddBatch(IEnumerable<Item> created, IEnumerable<Item> changed, IEnumerable<Item> settled)
    {
        foreach (var item in created)
        {
            Of(item.CustomerId)[0]++;
            if (item.Status == ItemStatus.Settled)
            {
                Of(item.CustomerId)[2]++;
            }
        }

        foreach (var item in changed)
        {
            Of(item.CustomerId)[1]++;
        }

        foreach (var item in settled)
        {
            Of(item.CustomerId)[2]++;
        }
    }

    /// <summary>Adds what the PostgreSQL pass counted in SQL for a batch (<see cref="StagedWritePass"/>).</summary>
    public void Add(IEnumerable<CustomerCounts> batch)
    {
        foreach (var customer in batch)
        {
            var counts = Of(customer.CustomerId);
            counts[0] += customer.Created;
            counts[1] += customer.Changed;
            counts[2] += customer.Settled;
        }
    }

    /// <summary>Counts the open items a full import is about to settle because the file did not list them (one grouped query).</summary>
    public async Task AddSettledByAbsenceAsync(IQueryable<Item> absent, CancellationToken cancellationToken)
    {
        foreach (var group in await absent.GroupBy(i => i.CustomerId).Select(g => new { CustomerId = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken))
        {
            Of(group.CustomerId)[2] += group.Count;
        }
    }

    public async Task WriteAsync(ReceivablesDbContext db, ImportRun run, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var rows = _counts.Select(c => new ImportCustomerSummary
        {
            Id = Ids.New(timeProvider),
            CompanyId = run.CompanyId,
            ImportId = run.Id,
            CustomerId = c.Key,
            ItemsCreated = c.Value[0],
            ItemsChanged = c.Value[1],
            ItemsSettled = c.Value[2],
        }).ToList();
        foreach (var chunk in rows.Chunk(ImportRunner.BatchSize))
        {
            await new BulkWriter(db).Insert(chunk).ExecuteAsync(cancellationToken);
        }
    }

    private long[] Of(Guid customerId) =>
        _counts.TryGetValue(customerId, out var counts) ? counts : _counts[customerId] = new long[3];
}
