using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Etrepaye.Access.Data.Migrations;

/// <summary>The data-protection key ring moves into the database so that several host processes share it.</summary>
[DbContext(typeof(AccessDbContext))]
[Migration("20261124010000_AddDataProtectionKeys")]
internal sealed class AddDataProtectionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, AccessDbContext.SchemaName);
        migrationBuilder.CreateTable(
            name: n.Table("data_protection_keys"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<int>(type: n.Int, nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                friendly_name = table.Column<string>(type: n.Text(), nullable: true),
                xml = table.Column<string>(type: n.Text(), nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("data_protection_keys"), x => x.id));
    }
}
