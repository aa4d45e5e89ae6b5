using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Disputes.Data.Migrations;

/// <summary>Disputes with their invoice lines, reasons, timeline, documents, internal requests (signed links) and running numbers.</summary>
[DbContext(typeof(DisputesDbContext))]
[Migration("20261124040000_CreateDisputes")]
internal sealed class CreateDisputes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, DisputesDbContext.SchemaName);

        migrationBuilder.CreateTable(
            name: n.Table("disputes"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                number = table.Column<int>(type: n.Int, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                reason_code = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                description = table.Column<string>(type: n.Text(4000), maxLength: 4000, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                owner_department = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                owner_email = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                opened_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                due_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                opened_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                source = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                closed_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                outcome = table.Column<string>(type: n.Enum, maxLength: 40, nullable: true),
                resolution_comment = table.Column<string>(type: n.Text(4000), maxLength: 4000, nullable: true),
                decided_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                accepted_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                expected_credit_note_reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                credit_note_id = table.Column<Guid>(type: n.Guid, nullable: true),
                settled_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                public_note = table.Column<string>(type: n.Text(2000), maxLength: 2000, nullable: true),
                procedure_instance_id = table.Column<Guid>(type: n.Guid, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("disputes"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("disputes", "company_id", "number"), n.Table("disputes"), ["company_id", "number"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(
            n.Index("disputes", "company_id", "customer_id", "status"), n.Table("disputes"), ["company_id", "customer_id", "status"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("disputes", "company_id", "status", "due_date"), n.Table("disputes"), ["company_id", "status", "due_date"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("dispute_lines"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                dispute_id = table.Column<Guid>(type: n.Guid, nullable: false),
                invoice_id = table.Column<Guid>(type: n.Guid, nullable: false),
                invoice_reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                invoice_due_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                accepted_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("dispute_lines"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("dispute_lines", "company_id", "dispute_id"), n.Table("dispute_lines"), ["company_id", "dispute_id"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("dispute_lines", "company_id", "invoice_id"), n.Table("dispute_lines"), ["company_id", "invoice_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("dispute_reasons"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                code = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                name = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                owner_department = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                sla_business_days = table.Column<int>(type: n.Int, nullable: false),
                active = table.Column<bool>(type: n.Bool, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("dispute_reasons"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("dispute_reasons", "company_id", "code"), n.Table("dispute_reasons"), ["company_id", "code"], n.Schema, unique: true);

        migrationBuilder.CreateTable(
            name: n.Table("dispute_notes"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                dispute_id = table.Column<Guid>(type: n.Guid, nullable: false),
                kind = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                author = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                text = table.Column<string>(type: n.Text(4000), maxLength: 4000, nullable: false),
                mentions = table.Column<string>(type: n.Text(), nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("dispute_notes"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("dispute_notes", "company_id", "dispute_id", "at"), n.Table("dispute_notes"), ["company_id", "dispute_id", "at"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("dispute_documents"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                dispute_id = table.Column<Guid>(type: n.Guid, nullable: false),
                file_name = table.Column<string>(type: n.Text(260), maxLength: 260, nullable: false),
                content_type = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                size = table.Column<long>(type: n.Long, nullable: false),
                sha256 = table.Column<string>(type: n.Text(64), maxLength: 64, nullable: false),
                storage = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                content = table.Column<byte[]>(type: n.Bytes, nullable: true),
                uploaded_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                uploaded_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("dispute_documents"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("dispute_documents", "company_id", "dispute_id"), n.Table("dispute_documents"), ["company_id", "dispute_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("internal_requests"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                dispute_id = table.Column<Guid>(type: n.Guid, nullable: false),
                department = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                recipient_email = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                message = table.Column<string>(type: n.Text(4000), maxLength: 4000, nullable: false),
                token_hash = table.Column<string>(type: n.Text(64), maxLength: 64, nullable: false),
                link = table.Column<string>(type: n.Text(1000), maxLength: 1000, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                created_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                mail_status = table.Column<string>(type: n.Text(20), maxLength: 20, nullable: false),
                mail_sent_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                answered_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                answered_by = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
                answer = table.Column<string>(type: n.Text(4000), maxLength: 4000, nullable: true),
                revoked_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                revoked_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("internal_requests"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("internal_requests", "token_hash"), n.Table("internal_requests"), ["token_hash"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(
            n.Index("internal_requests", "company_id", "dispute_id"), n.Table("internal_requests"), ["company_id", "dispute_id"], n.Schema);
        migrationBuilder.CreateIndex(
            n.Index("internal_requests", "company_id", "mail_status"), n.Table("internal_requests"), ["company_id", "mail_status"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("dispute_counters"),
            schema: n.Schema,
            columns: table => new
            {
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                last_number = table.Column<int>(type: n.Int, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("dispute_counters"), x => x.company_id));
    }
}
