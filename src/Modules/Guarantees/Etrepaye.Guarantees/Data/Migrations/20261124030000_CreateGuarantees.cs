using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Guarantees.Data.Migrations;

/// <summary>Guarantees with their history, documents and calls; credit-insurance policies, insured limits, insurer duties; the daily check.</summary>
[DbContext(typeof(GuaranteesDbContext))]
[Migration("20261124030000_CreateGuarantees")]
internal sealed class CreateGuarantees : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, GuaranteesDbContext.SchemaName);

        migrationBuilder.CreateTable(
            name: n.Table("guarantees"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                covers_group = table.Column<bool>(type: n.Bool, nullable: false),
                type = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                issuer_name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                issuer_reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                beneficiary_legal_entity_code = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: true),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                start_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                expiry_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                claim_deadline = table.Column<DateOnly>(type: n.Date, nullable: false),
                scope = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                scope_references = table.Column<string>(type: n.Text(), nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                activated_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                released_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                notes = table.Column<string>(type: n.Text(2000), maxLength: 2000, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("guarantees"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("guarantees", "company_id", "customer_id"), n.Table("guarantees"), ["company_id", "customer_id"], n.Schema);
        migrationBuilder.CreateIndex(
            n.Index("guarantees", "company_id", "status", "expiry_date"), n.Table("guarantees"), ["company_id", "status", "expiry_date"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("guarantee_status_changes"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                guarantee_id = table.Column<Guid>(type: n.Guid, nullable: false),
                from_status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: true),
                to_status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                effective_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                changed_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                reason = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("guarantee_status_changes"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("guarantee_status_changes", "company_id", "guarantee_id"), n.Table("guarantee_status_changes"), ["company_id", "guarantee_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("guarantee_documents"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                guarantee_id = table.Column<Guid>(type: n.Guid, nullable: false),
                file_name = table.Column<string>(type: n.Text(260), maxLength: 260, nullable: false),
                content_type = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                size = table.Column<long>(type: n.Long, nullable: false),
                sha256 = table.Column<string>(type: n.Text(64), maxLength: 64, nullable: false),
                storage = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                content = table.Column<byte[]>(type: n.Bytes, nullable: true),
                uploaded_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                uploaded_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("guarantee_documents"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("guarantee_documents", "company_id", "guarantee_id"), n.Table("guarantee_documents"), ["company_id", "guarantee_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("guarantee_calls"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                guarantee_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                called_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                invoice_ids = table.Column<string>(type: n.Text(), nullable: false),
                reason = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: true),
                amount_received = table.Column<decimal>(type: n.Decimal, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                called_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("guarantee_calls"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("guarantee_calls", "company_id", "guarantee_id"), n.Table("guarantee_calls"), ["company_id", "guarantee_id"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("guarantee_calls", "company_id", "called_on"), n.Table("guarantee_calls"), ["company_id", "called_on"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("guarantee_call_receipts"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                call_id = table.Column<Guid>(type: n.Guid, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                received_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                recorded_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                recorded_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("guarantee_call_receipts"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("guarantee_call_receipts", "company_id", "call_id"), n.Table("guarantee_call_receipts"), ["company_id", "call_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("insurance_policies"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                insurer_name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                policy_number = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                coverage_percent = table.Column<decimal>(type: n.Decimal, nullable: false),
                max_extension_days = table.Column<int>(type: n.Int, nullable: false),
                declaration_delay_days = table.Column<int>(type: n.Int, nullable: false),
                payment_plan_notification_days = table.Column<int>(type: n.Int, nullable: false),
                claim_filing_days = table.Column<int>(type: n.Int, nullable: false),
                start_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                end_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("insurance_policies"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("insurance_policies", "company_id", "policy_number"), n.Table("insurance_policies"), ["company_id", "policy_number"], n.Schema, unique: true);

        migrationBuilder.CreateTable(
            name: n.Table("insured_limits"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                policy_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                requested_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                effective_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                decision_reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("insured_limits"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("insured_limits", "company_id", "policy_id", "customer_id"), n.Table("insured_limits"), ["company_id", "policy_id", "customer_id"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(n.Index("insured_limits", "company_id", "customer_id"), n.Table("insured_limits"), ["company_id", "customer_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("insured_limit_changes"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                limit_id = table.Column<Guid>(type: n.Guid, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                effective_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                changed_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                note = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("insured_limit_changes"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("insured_limit_changes", "company_id", "limit_id", "effective_date"), n.Table("insured_limit_changes"),
            ["company_id", "limit_id", "effective_date"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("insurer_duties"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                policy_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                type = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                invoice_id = table.Column<Guid>(type: n.Guid, nullable: true),
                invoice_reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                amount = table.Column<decimal>(type: n.Decimal, nullable: true),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: true),
                arisen_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                deadline = table.Column<DateOnly>(type: n.Date, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                completed_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                completed_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                insurer_reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                note = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("insurer_duties"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("insurer_duties", "company_id", "policy_id", "type", "invoice_id"), n.Table("insurer_duties"),
            ["company_id", "policy_id", "type", "invoice_id"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(
            n.Index("insurer_duties", "company_id", "status", "deadline"), n.Table("insurer_duties"), ["company_id", "status", "deadline"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("daily_checks"),
            schema: n.Schema,
            columns: table => new
            {
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                last_checked_date = table.Column<DateOnly>(type: n.Date, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("daily_checks"), x => x.company_id));
    }
}
