using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Collection.Data.Migrations;

/// <summary>The invoices whose case opens before their due date (the assigned procedure declares a pre-due lead time).</summary>
[DbContext(typeof(CollectionDbContext))]
[Migration("20261124160000_PreDueWatches")]
internal sealed class PreDueWatches : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, CollectionDbContext.SchemaName);
        migrationBuilder.CreateTable(
            name: n.Table("pre_due_watches"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                invoice_id = table.Column<Guid>(type: n.Guid, nullable: false),
                due_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                open_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                status = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("pre_due_watches"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("pre_due_watches", "status", "open_on"), n.Table("pre_due_watches"), ["status", "open_on"], n.Schema);
    }
}
