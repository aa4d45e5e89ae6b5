using Etrepaye.Receivables.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Etrepaye.Receivables.Ledger;

internal static class ReportTransaction
{
    /// <summary>
    /// On PostgreSQL, a read-only unit for a whole-company report with JIT compilation off: the report's statements are estimated
    /// expensive enough to be compiled, and compiling them cost more than running them (docs/benchmarks.md). SET LOCAL ends with
    /// the transaction, so no pooled connection keeps it. SQLite has no JIT: nothing to do there.
    /// </summary>
    public static async Task<IDbContextTransaction?> BeginReportAsync(this ReceivablesDbContext db, CancellationToken cancellationToken)
    {
        if (db.IsSqlite)
        {
            return null;
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off", cancellationToken);
        return transaction;
    }
}
