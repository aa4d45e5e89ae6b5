using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Etrepaye.CreditLimits.Exposure;

/// <summary>
/// Refreshes the planner's statistics of the tables the order check reads, after a rebuild of every customer's exposure. Until
/// autovacuum analyzes them (a minute or more later), PostgreSQL plans the check's read with the statistics of before the
/// rebuild: measured at 8.5–15 ms a check with the statistics of empty tables, against 0.16 ms once analyzed.
/// </summary>
internal sealed class ExposureStatistics(CreditLimitsDbContext db)
{
    private static readonly Type[] _checkedTables = [typeof(CreditAccount), typeof(AccountAncestor), typeof(ExposureLine), typeof(CreditLimit)];

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var entity in _checkedTables.Select(type => db.Model.FindEntityType(type)!))
        {
            // Names from the model, delimited, never from input; one table a statement, as SQLite's ANALYZE takes.
            var analyze = "ANALYZE " + QualifiedName(entity);
            await db.Database.ExecuteSqlRawAsync(analyze, cancellationToken);
        }
    }

    private string QualifiedName(IEntityType entity) =>
        db.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
}
