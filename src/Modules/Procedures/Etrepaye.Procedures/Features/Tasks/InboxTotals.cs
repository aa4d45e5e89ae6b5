using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace Etrepaye.Procedures.Features.Tasks;

/// <summary>
/// The inbox's total, kept for a few seconds in this process once it is large (issue 13: an exact count of 100,000 open
/// tasks is an index scan of all of them, 10 ms on every page read). Below <c>Procedures:InboxTotalExactBelow</c> open
/// tasks (default 1,000) the total is counted on every read, so a small inbox is always exact; above it, a total may be up
/// to <c>Procedures:InboxTotalCacheSeconds</c> old (default 5; 0 counts on every read) plus the time one count takes: once
/// it has expired, one request counts again and the others meanwhile answer the kept total (at 32 clients every expiry
/// started up to 32 counts of 100,000 tasks at once). The page itself is always read.
/// </summary>
internal sealed class InboxTotals(IConfiguration configuration, TimeProvider timeProvider)
{
    // Beyond this many filter combinations the whole cache is dropped: simpler than an LRU, and bounded either way.
    private const int MaxEntries = 10_000;

    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Procedures:InboxTotalCacheSeconds", 5)));
    private readonly int _exactBelow = Math.Max(0, configuration.GetValue("Procedures:InboxTotalExactBelow", 1_000));
    private readonly ConcurrentDictionary<(Guid CompanyId, string Filter), Entry> _totals = new();
    private readonly ConcurrentDictionary<(Guid CompanyId, string Filter), byte> _counting = new();

    public async Task<int> GetAsync(Guid companyId, string filter, Func<CancellationToken, Task<int>> count, CancellationToken cancellationToken)
    {
        var key = (companyId, filter);
        var found = _totals.TryGetValue(key, out var kept);
        if (found && kept!.ExpiresAt > timeProvider.GetUtcNow())
        {
            return kept.Total;
        }

        // Each request counts with its own context; only one at a time per key once a total is kept.
        var counting = _counting.TryAdd(key, 0);
        if (!counting && found)
        {
            return kept!.Total;
        }

        try
        {
            var total = await count(cancellationToken);
            if (_lifetime > TimeSpan.Zero && total >= _exactBelow)
            {
                if (_totals.Count >= MaxEntries)
                {
                    _totals.Clear();
                }

                _totals[key] = new Entry(total, timeProvider.GetUtcNow() + _lifetime);
            }
            else
            {
                _totals.TryRemove(key, out _);
            }

            return total;
        }
        finally
        {
            if (counting)
            {
                _counting.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(int Total, DateTimeOffset ExpiresAt);
}
