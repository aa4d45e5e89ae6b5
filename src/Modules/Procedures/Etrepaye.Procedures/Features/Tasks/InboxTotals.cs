using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace Etrepaye.Procedures.Features.Tasks;

/// <summary>
/// The inbox's total, kept for a few seconds in this process once it is large (issue 13: an exact count of 100,000 open
/// tasks is an index scan of all of them, 10 ms on every page read). Below <c>Procedures:InboxTotalExactBelow</c> open
/// tasks (default 1,000) the total is counted on every read, so a small inbox is always exact; above it, a total may be up
/// to <c>Procedures:InboxTotalCacheSeconds</c> old (default 5; 0 counts on every read). The page itself is always read.
/// </summary>
internal sealed class InboxTotals(IConfiguration configuration, TimeProvider timeProvider)
{
    // Beyond this many filter combinations the whole cache is dropped: simpler than an LRU, and bounded either way.
    private const int MaxEntries = 10_000;

    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Procedures:InboxTotalCacheSeconds", 5)));
    private readonly int _exactBelow = Math.Max(0, configuration.GetValue("Procedures:InboxTotalExactBelow", 1_000));
    private readonly ConcurrentDictionary<(Guid CompanyId, string Filter), Entry> _totals = new();

    public async Task<int> GetAsync(Guid companyId, string filter, Func<CancellationToken, Task<int>> count, CancellationToken cancellationToken)
    {
        var key = (companyId, filter);
        if (_totals.TryGetValue(key, out var kept) && kept.ExpiresAt > timeProvider.GetUtcNow())
        {
            return kept.Total;
        }

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

    private sealed record Entry(int Total, DateTimeOffset ExpiresAt);
}
