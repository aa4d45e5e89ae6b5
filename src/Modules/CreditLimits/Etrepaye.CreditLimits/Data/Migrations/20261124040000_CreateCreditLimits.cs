using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.CreditLimits.Data.Migrations;

/// <summary>Settings and authority matrix, limits with their history, requests, the exposure projection, orders, checks, scoring inputs.</summary>
[DbContext(typeof(CreditLimitsDbContext))]
[Migration("20261124040000_CreateCreditLimits")]
internal sealed class CreateCreditLimits : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, CreditLimitsDbContext.SchemaName);

        migrationBuilder.CreateTable(
            name: n.Table("settings"),
            schema: n.Schema,
            columns: table => new
            {
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                include_draft_invoices = table.Column<bool>(type: n.Bool, nullable: false),
                deduct_cover = table.Column<bool>(type: n.Bool, nullable: false),
                warning_percent = table.Column<decimal>(type: n.Decimal, nullable: false),
                authority_currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                weight_equity = table.Column<int>(type: n.Int, nullable: false),
                weight_profitability = table.Column<int>(type: n.Int, nullable: false),
                weight_recorded_incidents = table.Column<int>(type: n.Int, nullable: false),
                weight_days_late = table.Column<int>(type: n.Int, nullable: false),
                weight_disputes = table.Column<int>(type: n.Int, nullable: false),
                weight_collection_incidents = table.Column<int>(type: n.Int, nullable: false),
                behaviour_window_days = table.Column<int>(type: n.Int, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("settings"), x => x.company_id));

        migrationBuilder.CreateTable(
            name: n.Table("authority_levels"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                role = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                label = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                max_amount = table.Column<decimal>(type: n.Decimal, nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("authority_levels"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("authority_levels", "company_id", "role"), n.Table("authority_levels"), ["company_id", "role"], n.Schema, unique: true);

        migrationBuilder.CreateTable(
            name: n.Table("limits"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                valid_until = table.Column<DateOnly>(type: n.Date, nullable: true),
                review_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                risk_class = table.Column<string>(type: n.Text(10), maxLength: 10, nullable: true),
                score = table.Column<decimal>(type: n.Decimal, nullable: true),
                updated_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("limits"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("limits", "company_id", "customer_id"), n.Table("limits"), ["company_id", "customer_id"], n.Schema, unique: true);

        migrationBuilder.CreateTable(
            name: n.Table("limit_changes"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                request_id = table.Column<Guid>(type: n.Guid, nullable: true),
                previous_amount = table.Column<decimal>(type: n.Decimal, nullable: true),
                previous_currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: true),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                valid_until = table.Column<DateOnly>(type: n.Date, nullable: true),
                review_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                risk_class = table.Column<string>(type: n.Text(10), maxLength: 10, nullable: true),
                score = table.Column<decimal>(type: n.Decimal, nullable: true),
                reason = table.Column<string>(type: n.Text(1000), maxLength: 1000, nullable: false),
                requested_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                approved_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                approver_role = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: true),
                at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("limit_changes"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("limit_changes", "company_id", "customer_id", "at"), n.Table("limit_changes"), ["company_id", "customer_id", "at"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("requests"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                kind = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                trigger = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                valid_until = table.Column<DateOnly>(type: n.Date, nullable: true),
                review_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                reason = table.Column<string>(type: n.Text(1000), maxLength: 1000, nullable: false),
                requested_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                requested_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                required_role = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                decided_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                decided_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                decided_amount = table.Column<decimal>(type: n.Decimal, nullable: true),
                decision_comment = table.Column<string>(type: n.Text(1000), maxLength: 1000, nullable: true),
                instance_id = table.Column<Guid>(type: n.Guid, nullable: true),
                procedure_problem = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("requests"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("requests", "company_id", "customer_id", "status"), n.Table("requests"), ["company_id", "customer_id", "status"], n.Schema);
        migrationBuilder.CreateIndex(
            n.Index("requests", "company_id", "status", "requested_at"), n.Table("requests"), ["company_id", "status", "requested_at"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("accounts"),
            schema: n.Schema,
            columns: table => new
            {
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                parent_customer_id = table.Column<Guid>(type: n.Guid, nullable: true),
                group_head_id = table.Column<Guid>(type: n.Guid, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                blocked = table.Column<bool>(type: n.Bool, nullable: false),
                blocked_reason = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: true),
                blocked_on = table.Column<DateOnly>(type: n.Date, nullable: true),
                refreshed_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("accounts"), x => x.customer_id));
        migrationBuilder.CreateIndex(n.Index("accounts", "company_id", "group_head_id"), n.Table("accounts"), ["company_id", "group_head_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("exposure_lines"),
            schema: n.Schema,
            columns: table => new
            {
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                group_head_id = table.Column<Guid>(type: n.Guid, nullable: false),
                open_receivables = table.Column<decimal>(type: n.Decimal, nullable: false),
                overdue = table.Column<decimal>(type: n.Decimal, nullable: false),
                open_orders = table.Column<decimal>(type: n.Decimal, nullable: false),
                draft_invoices = table.Column<decimal>(type: n.Decimal, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("exposure_lines"), x => new { x.customer_id, x.currency }));
        migrationBuilder.CreateIndex(
            n.Index("exposure_lines", "company_id", "group_head_id"), n.Table("exposure_lines"), ["company_id", "group_head_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("block_changes"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                blocked = table.Column<bool>(type: n.Bool, nullable: false),
                reason = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: false),
                by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                on = table.Column<DateOnly>(type: n.Date, nullable: false),
                at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("block_changes"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("block_changes", "company_id", "customer_id", "at"), n.Table("block_changes"), ["company_id", "customer_id", "at"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("open_orders"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                kind = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                order_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                updated_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("open_orders"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("open_orders", "company_id", "reference"), n.Table("open_orders"), ["company_id", "reference"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(
            n.Index("open_orders", "company_id", "customer_id", "status"), n.Table("open_orders"), ["company_id", "customer_id", "status"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("order_checks"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                order_reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                decision = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                reasons = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                exposure = table.Column<decimal>(type: n.Decimal, nullable: true),
                limit_amount = table.Column<decimal>(type: n.Decimal, nullable: true),
                limit_currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: true),
                checked_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                checked_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                released_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                released_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                release_reason = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("order_checks"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("order_checks", "company_id", "checked_at"), n.Table("order_checks"), ["company_id", "checked_at"], n.Schema);
        migrationBuilder.CreateIndex(
            n.Index("order_checks", "company_id", "customer_id", "checked_at"), n.Table("order_checks"), ["company_id", "customer_id", "checked_at"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("financial_statements"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                period_end = table.Column<DateOnly>(type: n.Date, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                equity = table.Column<decimal>(type: n.Decimal, nullable: false),
                turnover = table.Column<decimal>(type: n.Decimal, nullable: false),
                net_result = table.Column<decimal>(type: n.Decimal, nullable: false),
                payment_incidents = table.Column<int>(type: n.Int, nullable: false),
                source = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                recorded_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                recorded_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("financial_statements"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("financial_statements", "company_id", "customer_id", "period_end"), n.Table("financial_statements"), ["company_id", "customer_id", "period_end"],
            n.Schema, unique: true);

        migrationBuilder.CreateTable(
            name: n.Table("payment_incidents"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                kind = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                occurred_on = table.Column<DateOnly>(type: n.Date, nullable: false),
                source_id = table.Column<Guid>(type: n.Guid, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: true),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("payment_incidents"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("payment_incidents", "company_id", "customer_id", "occurred_on"), n.Table("payment_incidents"), ["company_id", "customer_id", "occurred_on"], n.Schema);

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
