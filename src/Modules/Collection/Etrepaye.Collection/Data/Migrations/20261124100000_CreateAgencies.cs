using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Collection.Data.Migrations;

/// <summary>Collection agencies, their API keys, and the cases they hold with items, documents, history, collections and direct payments.</summary>
[DbContext(typeof(CollectionDbContext))]
[Migration("20261124100000_CreateAgencies")]
internal sealed class CreateAgencies : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, CollectionDbContext.SchemaName);

        migrationBuilder.CreateTable(
            name: n.Table("agencies"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                contact_name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
                email = table.Column<string>(type: n.Text(254), maxLength: 254, nullable: true),
                phone = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: true),
                commission_rate = table.Column<decimal>(type: n.Decimal, nullable: false),
                first_contact_days = table.Column<int>(type: n.Int, nullable: false),
                report_every_days = table.Column<int>(type: n.Int, nullable: false),
                is_active = table.Column<bool>(type: n.Bool, nullable: false),
                is_default = table.Column<bool>(type: n.Bool, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("agencies"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("agencies", "company_id", "name"), n.Table("agencies"), ["company_id", "name"], n.Schema, unique: true);

        migrationBuilder.CreateTable(
            name: n.Table("agency_api_keys"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                agency_id = table.Column<Guid>(type: n.Guid, nullable: false),
                name = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                secret_hash = table.Column<string>(type: n.Text(64), maxLength: 64, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                created_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                revoked_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                last_used_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("agency_api_keys"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("agency_api_keys", "company_id", "agency_id"), n.Table("agency_api_keys"), ["company_id", "agency_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("agency_cases"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                agency_id = table.Column<Guid>(type: n.Guid, nullable: false),
                case_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                held_case_id = table.Column<Guid>(type: n.Guid, nullable: true),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                handed_over_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                collected_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                fees_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                direct_payments_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                commission_rate = table.Column<decimal>(type: n.Decimal, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                outcome = table.Column<string>(type: n.Enum, maxLength: 40, nullable: true),
                handed_over_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                handed_over_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                handed_over_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                first_contact_due_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                report_every_days = table.Column<int>(type: n.Int, nullable: false),
                accepted_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                last_report_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                next_action_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                returned_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                note = table.Column<string>(type: n.Text(2000), maxLength: 2000, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("agency_cases"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("agency_cases", "company_id", "held_case_id"), n.Table("agency_cases"), ["company_id", "held_case_id"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(n.Index("agency_cases", "company_id", "case_id"), n.Table("agency_cases"), ["company_id", "case_id"], n.Schema);
        migrationBuilder.CreateIndex(
            n.Index("agency_cases", "company_id", "agency_id", "handed_over_on"), n.Table("agency_cases"), ["company_id", "agency_id", "handed_over_on"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("agency_cases", "company_id", "customer_id"), n.Table("agency_cases"), ["company_id", "customer_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("agency_case_items"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                agency_case_id = table.Column<Guid>(type: n.Guid, nullable: false),
                invoice_id = table.Column<Guid>(type: n.Guid, nullable: false),
                reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                issue_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                due_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                open_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("agency_case_items"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("agency_case_items", "company_id", "agency_case_id"), n.Table("agency_case_items"), ["company_id", "agency_case_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("agency_case_documents"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                agency_case_id = table.Column<Guid>(type: n.Guid, nullable: false),
                file_name = table.Column<string>(type: n.Text(260), maxLength: 260, nullable: false),
                content_type = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                size = table.Column<long>(type: n.Long, nullable: false),
                sha256 = table.Column<string>(type: n.Text(64), maxLength: 64, nullable: false),
                storage = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                content = table.Column<byte[]>(type: n.Bytes, nullable: true),
                uploaded_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                uploaded_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("agency_case_documents"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("agency_case_documents", "company_id", "agency_case_id"), n.Table("agency_case_documents"), ["company_id", "agency_case_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("agency_case_entries"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                agency_case_id = table.Column<Guid>(type: n.Guid, nullable: false),
                kind = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                text = table.Column<string>(type: n.Text(2000), maxLength: 2000, nullable: true),
                next_action_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                on = table.Column<DateOnly>(type: n.Date, nullable: false),
                at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("agency_case_entries"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("agency_case_entries", "company_id", "agency_case_id"), n.Table("agency_case_entries"), ["company_id", "agency_case_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("agency_collections"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                agency_case_id = table.Column<Guid>(type: n.Guid, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                fee = table.Column<decimal>(type: n.Decimal, nullable: false),
                collected_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                recorded_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                recorded_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("agency_collections"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("agency_collections", "company_id", "agency_case_id"), n.Table("agency_collections"), ["company_id", "agency_case_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("agency_direct_payments"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                agency_case_id = table.Column<Guid>(type: n.Guid, nullable: false),
                payment_id = table.Column<Guid>(type: n.Guid, nullable: false),
                reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                received_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                recorded_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("agency_direct_payments"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("agency_direct_payments", "company_id", "agency_case_id", "payment_id"), n.Table("agency_direct_payments"),
            ["company_id", "agency_case_id", "payment_id"], n.Schema, unique: true);
    }
}
