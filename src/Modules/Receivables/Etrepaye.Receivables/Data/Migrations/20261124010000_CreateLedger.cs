using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Receivables.Data.Migrations;

/// <summary>The ledger: customers and contacts, items and allocations, exchange rates, imports and the overdue check.</summary>
[DbContext(typeof(ReceivablesDbContext))]
[Migration("20261124010000_CreateLedger")]
internal sealed class CreateLedger : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, ReceivablesDbContext.SchemaName);

        migrationBuilder.CreateTable(
            name: n.Table("customers"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                siren = table.Column<string>(type: n.Text(9), maxLength: 9, nullable: true),
                siret = table.Column<string>(type: n.Text(14), maxLength: 14, nullable: true),
                vat_number = table.Column<string>(type: n.Text(20), maxLength: 20, nullable: true),
                country = table.Column<string>(type: n.Text(2), maxLength: 2, nullable: true),
                language = table.Column<string>(type: n.Text(8), maxLength: 8, nullable: true),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                payment_terms_days = table.Column<int>(type: n.Int, nullable: false),
                segment = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: true),
                risk_class = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: true),
                parent_customer_id = table.Column<Guid>(type: n.Guid, nullable: true),
                legal_entity_code = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: true),
                account_manager = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("customers"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("customers", "company_id", "reference"), n.Table("customers"), ["company_id", "reference"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(n.Index("customers", "company_id", "name"), n.Table("customers"), ["company_id", "name"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("customer_contacts"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                role = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                email = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: true),
                phone = table.Column<string>(type: n.Text(32), maxLength: 32, nullable: true),
                preferred_channel = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("customer_contacts"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("customer_contacts", "company_id", "customer_id"), n.Table("customer_contacts"), ["company_id", "customer_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("items"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                type = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                reference = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                issue_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                due_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                open_amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                disputed = table.Column<bool>(type: n.Bool, nullable: false),
                settled_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                last_import_id = table.Column<Guid>(type: n.Guid, nullable: true),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("items"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("items", "company_id", "type", "reference"), n.Table("items"), ["company_id", "type", "reference"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(n.Index("items", "company_id", "customer_id", "issue_date"), n.Table("items"), ["company_id", "customer_id", "issue_date"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("items", "company_id", "issue_date"), n.Table("items"), ["company_id", "issue_date"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("items", "company_id", "status", "due_date"), n.Table("items"), ["company_id", "status", "due_date"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("allocations"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                source_item_id = table.Column<Guid>(type: n.Guid, nullable: true),
                target_item_id = table.Column<Guid>(type: n.Guid, nullable: false),
                amount = table.Column<decimal>(type: n.Decimal, nullable: false),
                date = table.Column<DateOnly>(type: n.Date, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("allocations"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("allocations", "company_id", "target_item_id"), n.Table("allocations"), ["company_id", "target_item_id"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("allocations", "company_id", "source_item_id"), n.Table("allocations"), ["company_id", "source_item_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("exchange_rates"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                date = table.Column<DateOnly>(type: n.Date, nullable: false),
                from_currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                to_currency = table.Column<string>(type: n.Text(3), maxLength: 3, nullable: false),
                rate = table.Column<decimal>(type: n.Schema is null ? "TEXT" : "numeric(19,8)", nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("exchange_rates"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("exchange_rates", "company_id", "from_currency", "to_currency", "date"), n.Table("exchange_rates"),
            ["company_id", "from_currency", "to_currency", "date"], n.Schema, unique: true);

        migrationBuilder.CreateTable(
            name: n.Table("import_mappings"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                name = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                definition = table.Column<string>(type: n.Text(), nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("import_mappings"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("import_mappings", "company_id", "name"), n.Table("import_mappings"), ["company_id", "name"], n.Schema, unique: true);

        migrationBuilder.CreateTable(
            name: n.Table("imports"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                file_name = table.Column<string>(type: n.Text(260), maxLength: 260, nullable: false),
                mapping_id = table.Column<Guid>(type: n.Guid, nullable: true),
                mapping = table.Column<string>(type: n.Text(), nullable: false),
                mode = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                policy = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                import_date = table.Column<DateOnly>(type: n.Date, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                started_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                finished_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                started_by = table.Column<string>(type: n.Text(256), maxLength: 256, nullable: false),
                rows_read = table.Column<long>(type: n.Long, nullable: false),
                rows_rejected = table.Column<long>(type: n.Long, nullable: false),
                items_created = table.Column<long>(type: n.Long, nullable: false),
                items_updated = table.Column<long>(type: n.Long, nullable: false),
                items_unchanged = table.Column<long>(type: n.Long, nullable: false),
                items_settled_by_absence = table.Column<long>(type: n.Long, nullable: false),
                customers_created = table.Column<long>(type: n.Long, nullable: false),
                message = table.Column<string>(type: n.Text(2000), maxLength: 2000, nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("imports"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("imports", "company_id", "started_at"), n.Table("imports"), ["company_id", "started_at"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("import_row_errors"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                import_id = table.Column<Guid>(type: n.Guid, nullable: false),
                line = table.Column<long>(type: n.Long, nullable: false),
                column = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                reason = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("import_row_errors"), x => x.id));
        migrationBuilder.CreateIndex(
            n.Index("import_row_errors", "company_id", "import_id", "line"), n.Table("import_row_errors"), ["company_id", "import_id", "line"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("overdue_checks"),
            schema: n.Schema,
            columns: table => new
            {
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                last_checked_date = table.Column<DateOnly>(type: n.Date, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("overdue_checks"), x => x.company_id));
    }
}
