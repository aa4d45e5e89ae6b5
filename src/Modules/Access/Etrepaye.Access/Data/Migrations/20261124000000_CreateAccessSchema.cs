using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Etrepaye.Access.Data.Migrations;

[DbContext(typeof(AccessDbContext))]
[Migration("20261124000000_CreateAccessSchema")]
internal sealed class CreateAccessSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, AccessDbContext.SchemaName);
        n.CreateInfrastructureTables();

        migrationBuilder.CreateTable(
            name: n.Table("companies"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                country = table.Column<string>(type: n.Text(2), maxLength: 2, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                time_zone = table.Column<string>(type: n.Text(64), maxLength: 64, nullable: false),
                language = table.Column<string>(type: n.Text(8), maxLength: 8, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("companies"), x => x.id));

        migrationBuilder.CreateTable(
            name: n.Table("legal_entities"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                code = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                siren = table.Column<string>(type: n.Text(9), maxLength: 9, nullable: true),
                vat_number = table.Column<string>(type: n.Text(20), maxLength: 20, nullable: true),
                share_capital_amount = table.Column<decimal>(type: n.Decimal, nullable: true),
                share_capital_currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: true),
                address = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey(n.PrimaryKey("legal_entities"), x => x.id);
                table.ForeignKey(n.ForeignKey("legal_entities", "company_id"), x => x.company_id, principalTable: n.Table("companies"),
                    principalSchema: n.Schema, principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(n.Index("legal_entities", "company_id", "code"), n.Table("legal_entities"), ["company_id", "code"], n.Schema, unique: true);

        migrationBuilder.CreateTable(
            name: n.Table("users"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                display_name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                language = table.Column<string>(type: n.Text(8), maxLength: 8, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                user_name = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                normalized_user_name = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                email = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                normalized_email = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                email_confirmed = table.Column<bool>(type: n.Bool, nullable: false),
                password_hash = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                security_stamp = table.Column<string>(type: n.Text(64), maxLength: 64, nullable: true),
                concurrency_stamp = table.Column<string>(type: n.Text(64), maxLength: 64, nullable: true),
                phone_number = table.Column<string>(type: n.Text(32), maxLength: 32, nullable: true),
                phone_number_confirmed = table.Column<bool>(type: n.Bool, nullable: false),
                two_factor_enabled = table.Column<bool>(type: n.Bool, nullable: false),
                lockout_end = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                lockout_enabled = table.Column<bool>(type: n.Bool, nullable: false),
                access_failed_count = table.Column<int>(type: n.Int, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("users"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("users", "normalized_user_name"), n.Table("users"), "normalized_user_name", n.Schema, unique: true);
        migrationBuilder.CreateIndex(n.Index("users", "normalized_email"), n.Table("users"), "normalized_email", n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("user_claims"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<int>(type: n.Int, nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                user_id = table.Column<Guid>(type: n.Guid, nullable: false),
                claim_type = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                claim_value = table.Column<string>(type: n.Text(1024), maxLength: 1024, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey(n.PrimaryKey("user_claims"), x => x.id);
                table.ForeignKey(n.ForeignKey("user_claims", "user_id"), x => x.user_id, principalTable: n.Table("users"),
                    principalSchema: n.Schema, principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(n.Index("user_claims", "user_id"), n.Table("user_claims"), "user_id", n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("user_logins"),
            schema: n.Schema,
            columns: table => new
            {
                login_provider = table.Column<string>(type: n.Text(128), maxLength: 128, nullable: false),
                provider_key = table.Column<string>(type: n.Text(128), maxLength: 128, nullable: false),
                provider_display_name = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                user_id = table.Column<Guid>(type: n.Guid, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey(n.PrimaryKey("user_logins"), x => new { x.login_provider, x.provider_key });
                table.ForeignKey(n.ForeignKey("user_logins", "user_id"), x => x.user_id, principalTable: n.Table("users"),
                    principalSchema: n.Schema, principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(n.Index("user_logins", "user_id"), n.Table("user_logins"), "user_id", n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("user_tokens"),
            schema: n.Schema,
            columns: table => new
            {
                user_id = table.Column<Guid>(type: n.Guid, nullable: false),
                login_provider = table.Column<string>(type: n.Text(128), maxLength: 128, nullable: false),
                name = table.Column<string>(type: n.Text(128), maxLength: 128, nullable: false),
                value = table.Column<string>(type: n.Text(1024), maxLength: 1024, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey(n.PrimaryKey("user_tokens"), x => new { x.user_id, x.login_provider, x.name });
                table.ForeignKey(n.ForeignKey("user_tokens", "user_id"), x => x.user_id, principalTable: n.Table("users"),
                    principalSchema: n.Schema, principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: n.Table("memberships"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                user_id = table.Column<Guid>(type: n.Guid, nullable: false),
                roles = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey(n.PrimaryKey("memberships"), x => x.id);
                table.ForeignKey(n.ForeignKey("memberships", "company_id"), x => x.company_id, principalTable: n.Table("companies"),
                    principalSchema: n.Schema, principalColumn: "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey(n.ForeignKey("memberships", "user_id"), x => x.user_id, principalTable: n.Table("users"),
                    principalSchema: n.Schema, principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(n.Index("memberships", "company_id", "user_id"), n.Table("memberships"), ["company_id", "user_id"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(n.Index("memberships", "user_id"), n.Table("memberships"), "user_id", n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("api_keys"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                name = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                role = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                secret_hash = table.Column<string>(type: n.Text(64), maxLength: 64, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                created_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                revoked_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                last_used_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey(n.PrimaryKey("api_keys"), x => x.id);
                table.ForeignKey(n.ForeignKey("api_keys", "company_id"), x => x.company_id, principalTable: n.Table("companies"),
                    principalSchema: n.Schema, principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(n.Index("api_keys", "company_id"), n.Table("api_keys"), "company_id", n.Schema);
    }
}
