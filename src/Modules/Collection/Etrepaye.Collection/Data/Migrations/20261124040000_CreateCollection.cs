using System.Globalization;
using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Collection.Data.Migrations;

/// <summary>Cases with their items, promises, payment plans, actions; the messages archive and templates; the reference rates with their history.</summary>
[DbContext(typeof(CollectionDbContext))]
[Migration("20261124040000_CreateCollection")]
internal sealed class CreateCollection : Migration
{
    /// <summary>ECB main refinancing operations rate, from each change's effective date (ECB press releases).</summary>
    internal static readonly (string From, decimal Rate)[] EcbRates =
    [
        ("2016-03-16", 0.00m), ("2022-07-27", 0.50m), ("2022-09-14", 1.25m), ("2022-11-02", 2.00m), ("2022-12-21", 2.50m),
        ("2023-02-08", 3.00m), ("2023-03-22", 3.50m), ("2023-05-10", 3.75m), ("2023-06-21", 4.00m), ("2023-08-02", 4.25m),
        ("2023-09-20", 4.50m), ("2024-06-12", 4.25m), ("2024-09-18", 3.65m), ("2024-10-23", 3.40m), ("2024-12-18", 3.15m),
        ("2025-02-05", 2.90m), ("2025-03-12", 2.65m), ("2025-04-23", 2.40m), ("2025-06-11", 2.15m),
    ];

    /// <summary>French legal interest rate for professional creditors, per half-year (arrêtés of the Ministry of the Economy).</summary>
    internal static readonly (string From, decimal Rate)[] LegalRates =
    [
        ("2022-01-01", 0.76m), ("2022-07-01", 0.77m), ("2023-01-01", 2.06m), ("2023-07-01", 4.22m), ("2024-01-01", 5.07m),
        ("2024-07-01", 4.92m), ("2025-01-01", 3.71m), ("2025-07-01", 2.76m),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, CollectionDbContext.SchemaName);

        migrationBuilder.CreateTable(
            name: n.Table("cases"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                customer_name = table.Column<string>(type: n.Text(300), maxLength: 300, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                opened_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                closed_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                close_reason = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: true),
                procedure_instance_id = table.Column<Guid>(type: n.Guid, nullable: true),
                procedure_error = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: true),
                agency_id = table.Column<Guid>(type: n.Guid, nullable: true),
                leader_item_id = table.Column<Guid>(type: n.Guid, nullable: true),
                leader_reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                leader_due_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                overdue_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                excluded_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                overdue_item_count = table.Column<int>(type: n.Int, nullable: false),
                as_of = table.Column<DateOnly>(type: n.Date, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("cases"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("cases", "company_id", "customer_id", "status"), n.Table("cases"), ["company_id", "customer_id", "status"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("cases", "company_id", "status", "leader_due_date"), n.Table("cases"), ["company_id", "status", "leader_due_date"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("case_items"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                case_id = table.Column<Guid>(type: n.Guid, nullable: false),
                item_id = table.Column<Guid>(type: n.Guid, nullable: false),
                type = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                issue_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                due_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                open_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                days_past_due = table.Column<int>(type: n.Int, nullable: false),
                disputed = table.Column<bool>(type: n.Bool, nullable: false),
                held_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                collectible_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                overdue = table.Column<bool>(type: n.Bool, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("case_items"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("case_items", "company_id", "case_id"), n.Table("case_items"), ["company_id", "case_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("promises"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                case_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                promised_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                grace_days = table.Column<int>(type: n.Int, nullable: false),
                due_by = table.Column<DateOnly>(type: n.Date, nullable: false),
                received = table.Column<decimal>(type: n.Decimal, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                recorded_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                resolved_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                note = table.Column<string>(type: n.Text(1000), maxLength: 1000, nullable: true),
                recorded_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("promises"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("promises", "company_id", "case_id"), n.Table("promises"), ["company_id", "case_id"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("promises", "company_id", "customer_id", "status"), n.Table("promises"), ["company_id", "customer_id", "status"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("payment_plans"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                case_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                total = table.Column<decimal>(type: n.Decimal, nullable: false),
                received = table.Column<decimal>(type: n.Decimal, nullable: false),
                agreed_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                insurer_notification_required = table.Column<bool>(type: n.Bool, nullable: false),
                status = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("payment_plans"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("payment_plans", "company_id", "case_id"), n.Table("payment_plans"), ["company_id", "case_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("payment_plan_instalments"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                plan_id = table.Column<Guid>(type: n.Guid, nullable: false),
                number = table.Column<int>(type: n.Int, nullable: false),
                due_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                status = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("payment_plan_instalments"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("payment_plan_instalments", "company_id", "plan_id"), n.Table("payment_plan_instalments"), ["company_id", "plan_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("case_actions"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                case_id = table.Column<Guid>(type: n.Guid, nullable: true),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                kind = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                detail = table.Column<string>(type: n.Text(1000), maxLength: 1000, nullable: false),
                on = table.Column<DateOnly>(type: n.Date, nullable: false),
                at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("case_actions"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("case_actions", "company_id", "case_id"), n.Table("case_actions"), ["company_id", "case_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("messages"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                case_id = table.Column<Guid>(type: n.Guid, nullable: true),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                idempotency_key = table.Column<string>(type: n.Text(300), maxLength: 300, nullable: false),
                kind = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                channel = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                level = table.Column<int>(type: n.Int, nullable: false),
                language = table.Column<string>(type: n.Text(10), maxLength: 10, nullable: false),
                recipient = table.Column<string>(type: n.Text(320), maxLength: 320, nullable: false),
                subject = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: false),
                body = table.Column<string>(type: n.Text(), nullable: false),
                item_ids = table.Column<string>(type: n.Text(), nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                principal = table.Column<decimal>(type: n.Decimal, nullable: false),
                interest = table.Column<decimal>(type: n.Decimal, nullable: false),
                indemnity = table.Column<decimal>(type: n.Decimal, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                status_reason = table.Column<string>(type: n.Text(1000), maxLength: 1000, nullable: true),
                attempts = table.Column<int>(type: n.Int, nullable: false),
                next_attempt_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                lease_until = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                lease_owner = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                sent_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                external_id = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: true),
                created_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("messages"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("messages", "idempotency_key"), n.Table("messages"), ["idempotency_key"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(n.Index("messages", "status", "next_attempt_at"), n.Table("messages"), ["status", "next_attempt_at"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("messages", "company_id", "case_id"), n.Table("messages"), ["company_id", "case_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("message_attachments"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                message_id = table.Column<Guid>(type: n.Guid, nullable: false),
                file_name = table.Column<string>(type: n.Text(260), maxLength: 260, nullable: false),
                content_type = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                content = table.Column<byte[]>(type: n.Bytes, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("message_attachments"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("message_attachments", "company_id", "message_id"), n.Table("message_attachments"), ["company_id", "message_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("message_templates"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                kind = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                channel = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                level = table.Column<int>(type: n.Int, nullable: false),
                language = table.Column<string>(type: n.Text(10), maxLength: 10, nullable: false),
                subject = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: false),
                body = table.Column<string>(type: n.Text(), nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                updated_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("message_templates"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("message_templates", "company_id", "kind", "channel", "level", "language"), n.Table("message_templates"),
            ["company_id", "kind", "channel", "level", "language"], n.Schema, unique: true);

        migrationBuilder.CreateTable(
            name: n.Table("reference_rates"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: true),
                kind = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                effective_from = table.Column<DateOnly>(type: n.Date, nullable: false),
                rate = table.Column<decimal>(type: n.Decimal, nullable: false),
                source = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("reference_rates"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("reference_rates", "kind", "effective_from"), n.Table("reference_rates"), ["kind", "effective_from"], n.Schema);

        var seed = EcbRates.Select((r, i) => (Kind: "EcbMainRefinancing", r.From, r.Rate, Source: "ECB", Number: i + 1))
            .Concat(LegalRates.Select((r, i) => (Kind: "FrenchLegalRateProfessional", r.From, r.Rate, Source: "Arrêté (JORF)", Number: 101 + i)));
        foreach (var (kind, from, rate, source, number) in seed)
        {
            migrationBuilder.InsertData(
                n.Table("reference_rates"),
                ["id", "company_id", "kind", "effective_from", "rate", "source"],
                [n.Guid, n.Guid, n.Enum, n.Date, n.Decimal, n.Text(200)],
                [
                    Guid.Parse($"00000000-0000-7000-8000-{number:D12}"), null, kind, DateOnly.ParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    rate, source,
                ],
                n.Schema);
        }
    }
}
