using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Receivables.Data.Migrations;

/// <summary>What each import did to each customer's items, for the customer's history.</summary>
[DbContext(typeof(ReceivablesDbContext))]
[Migration("20261124060000_ImportCustomerSummaries")]
internal sealed class ImportCustomerSummaries : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, ReceivablesDbContext.SchemaName);
        migrationBuilder.CreateTable(
            name: n.Table("import_customer_summaries"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                import_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                items_created = table.Column<long>(type: n.Long, nullable: false),
                items_changed = table.Column<long>(type: n.Long, nullable: false),
                items_settled = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("import_customer_summaries"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("import_customer_summaries", "company_id", "customer_id", "import_id"), n.Table("import_customer_summaries"),
            ["company_id", "customer_id", "import_id"], n.Schema);
    }
}
