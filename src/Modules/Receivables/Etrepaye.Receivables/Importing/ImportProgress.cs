using System.Collections.Concurrent;

namespace Etrepaye.Receivables.Importing;

/// <summary>
/// Rows applied so far by the imports running in this process. The write pass runs in one transaction, so its progress cannot be
/// read from the imports table by others until it commits; on PostgreSQL the runner also commits it there on a connection of its own
/// (visible to every host process), while SQLite, which has a single writer, relies on this figure.
/// </summary>
internal sealed class ImportProgress
{
    private readonly ConcurrentDictionary<Guid, long> _applied = new();

    public void Report(Guid importId, long rowsApplied) => _applied[importId] = rowsApplied;

    public long? RowsApplied(Guid importId) => _applied.TryGetValue(importId, out var rows) ? rows : null;

    public void Forget(Guid importId) => _applied.TryRemove(importId, out _);
}
