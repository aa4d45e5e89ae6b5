using System.Collections.Concurrent;

namespace Etrepaye.Procedures.Features.Tasks;

/// <summary>
/// The day up to which this process knows a company's open tasks are scored, so the inbox asks the database once a day per
/// company and process, not on every read. Sound because every task is scored when it is written, for its company's today:
/// once no open task is scored for an earlier day, none becomes so before the day changes. The check itself is not free at
/// scale: after the day's rescore of 100,000 tasks, its index holds their old versions until vacuum, and in the full-scale
/// daily-run bench it took 45 ms a read, the most database time of any statement.
/// </summary>
internal sealed class InboxRescores
{
    private readonly ConcurrentDictionary<Guid, DateOnly> _scoredThrough = new();

    public bool IsCurrent(Guid companyId, DateOnly today) => _scoredThrough.TryGetValue(companyId, out var day) && day >= today;

    public void MarkCurrent(Guid companyId, DateOnly today) =>
        _scoredThrough.AddOrUpdate(companyId, today, (_, known) => known > today ? known : today);
}
