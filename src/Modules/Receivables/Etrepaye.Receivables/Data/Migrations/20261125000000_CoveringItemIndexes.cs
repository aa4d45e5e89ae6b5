using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Receivables.Data.Migrations;

/// <summary>
/// The as-of reports' two item indexes carry every column the reports read (the aged balance's sums, the KPIs' receivables, a
/// group's items), so both halves of "open on the date" are index-only scans instead of one heap page per item
/// (docs/benchmarks.md has the plans): the still-open items (replacing the partial (company_id, customer_id), its prefix) and the
/// settled ones by settled date (replacing (company_id, settled_date), whose range an as-of date in the past read row by row
/// from the heap, issue date included).
/// </summary>
[DbContext(typeof(ReceivablesDbContext))]
[Migration("20261125000000_CoveringItemIndexes")]
internal sealed class CoveringItemIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, ReceivablesDbContext.SchemaName);
        migrationBuilder.DropIndex(n.Index("items", "company_id", "customer_id"), n.Table("items"), n.Schema);
        migrationBuilder.CreateIndex(
            n.Index("items", "open"), n.Table("items"),
            ["company_id", "customer_id", "id", "type", "currency", "issue_date", "due_date", "amount", "disputed"], n.Schema,
            filter: ReceivablesDbContext.OpenItemsFilter);
        migrationBuilder.DropIndex(n.Index("items", "company_id", "settled_date"), n.Table("items"), n.Schema);
        migrationBuilder.CreateIndex(
            n.Index("items", "settled"), n.Table("items"),
            ["company_id", "settled_date", "issue_date", "customer_id", "id", "type", "currency", "due_date", "amount", "disputed"], n.Schema,
            filter: ReceivablesDbContext.SettledItemsFilter);
    }
}
