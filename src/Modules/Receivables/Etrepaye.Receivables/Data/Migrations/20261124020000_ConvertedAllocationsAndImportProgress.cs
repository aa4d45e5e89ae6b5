using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Receivables.Data.Migrations;

/// <summary>Allocations across currencies (amount in the target's currency and the rate used), progress of an import's write pass, customer groups.</summary>
[DbContext(typeof(ReceivablesDbContext))]
[Migration("20261124020000_ConvertedAllocationsAndImportProgress")]
internal sealed class ConvertedAllocationsAndImportProgress : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, ReceivablesDbContext.SchemaName);
        migrationBuilder.AddColumn<decimal>("target_amount", n.Table("allocations"), type: n.Decimal, nullable: true, schema: n.Schema);
        migrationBuilder.AddColumn<decimal>("rate", n.Table("allocations"), type: n.Schema is null ? "TEXT" : "numeric(19,8)", nullable: true, schema: n.Schema);
        migrationBuilder.AddColumn<DateOnly>("rate_date", n.Table("allocations"), type: n.Date, nullable: true, schema: n.Schema);
        migrationBuilder.AddColumn<long>("rows_applied", n.Table("imports"), type: n.Long, nullable: false, defaultValue: 0L, schema: n.Schema);
        migrationBuilder.AddColumn<long>("items_reopened", n.Table("imports"), type: n.Long, nullable: false, defaultValue: 0L, schema: n.Schema);
        migrationBuilder.CreateIndex(
            n.Index("customers", "company_id", "parent_customer_id"), n.Table("customers"), ["company_id", "parent_customer_id"], n.Schema);
    }
}
