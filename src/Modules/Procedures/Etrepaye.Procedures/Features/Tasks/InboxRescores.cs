using System.Collections.Concurrent;

namespace Etrepaye.Procedures.Features.Tasks;

/// <summary>
/// When this process last found a company's open tasks all scored for the day, so the inbox asks the database again after
/// <see cref="RecheckAfter"/> or on a new day, not on every read. Every task is scored when it is written, for its company's
/// today; the recheck catches the one exception, a task written just before midnight by a transaction that commits after the
/// day's first read. The check is not free at scale: after the day's rescore of 100,000 tasks, its index holds their old
/// versions until vacuum, and in the full-scale daily-run bench it took 45 ms a read, more database time than any statement.
/// </summary>
internal sealed class InboxRescores(TimeProvider timeProvider)
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, (DateOnly Day, DateTimeOffset CheckedAt)> _scored = new();

    public bool IsCurrent(Guid companyId, DateOnly today) =>
        _scored.TryGetValue(companyId, out var known) && known.Day == today && timeProvider.GetUtcNow() - known.CheckedAt < RecheckAfter;

    public void MarkCurrent(Guid companyId, DateOnly today) => _scored[companyId] = (today, timeProvider.GetUtcNow());
}
