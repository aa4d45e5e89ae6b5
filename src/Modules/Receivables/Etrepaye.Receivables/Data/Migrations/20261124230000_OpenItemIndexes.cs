using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Receivables.Data.Migrations;

/// <summary>
/// The as-of reports read the items open on a date as "still open" UNION ALL "settled after the date": a partial index holding
/// only the still-open items (per customer for a group), and one on the settled date for the rest (docs/benchmarks.md has the plans).
/// </summary>
[DbContext(typeof(ReceivablesDbContext))]
[Migration("20261124230000_OpenItemIndexes")]
internal sealed class OpenItemIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, ReceivablesDbContext.SchemaName);
        migrationBuilder.CreateIndex(
            n.Index("items", "company_id", "customer_id"), n.Table("items"), ["company_id", "customer_id"], n.Schema,
            filter: ReceivablesDbContext.OpenItemsFilter);
        migrationBuilder.CreateIndex(n.Index("items", "company_id", "settled_date"), n.Table("items"), ["company_id", "settled_date"], n.Schema);
    }
}
