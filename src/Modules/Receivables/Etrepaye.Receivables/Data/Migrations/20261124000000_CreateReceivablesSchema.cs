using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Receivables.Data.Migrations;

[DbContext(typeof(ReceivablesDbContext))]
[Migration("20261124000000_CreateReceivablesSchema")]
internal sealed class CreateReceivablesSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, ReceivablesDbContext.SchemaName);
        n.CreateInfrastructureTables();
        migrationBuilder.CreateTable(
            name: n.Table("settings"),
            schema: n.Schema,
            columns: table => new
            {
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                reporting_currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                time_zone = table.Column<string>(type: n.Text(64), maxLength: 64, nullable: false),
                aging_bucket_limits = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("settings"), x => x.company_id));
    }
}
