using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Collection.Data.Migrations;

/// <summary>The signed links of escalation e-mails: a colleague without an account reads the case and answers.</summary>
[DbContext(typeof(CollectionDbContext))]
[Migration("20261124170000_CaseLinks")]
internal sealed class CaseLinks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, CollectionDbContext.SchemaName);
        migrationBuilder.CreateTable(
            name: n.Table("case_links"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                case_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                message_id = table.Column<Guid>(type: n.Guid, nullable: false),
                recipient_email = table.Column<string>(type: n.Text(320), maxLength: 320, nullable: false),
                question = table.Column<string>(type: n.Text(4000), maxLength: 4000, nullable: false),
                token_hash = table.Column<string>(type: n.Text(64), maxLength: 64, nullable: false),
                link = table.Column<string>(type: n.Text(1000), maxLength: 1000, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                created_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                answered_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                answered_by = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
                answer = table.Column<string>(type: n.Text(4000), maxLength: 4000, nullable: true),
                revoked_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                revoked_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("case_links"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("case_links", "token_hash"), n.Table("case_links"), ["token_hash"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(n.Index("case_links", "company_id", "case_id"), n.Table("case_links"), ["company_id", "case_id"], n.Schema);
    }
}
