using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.CreditLimits.Data.Migrations;

/// <summary>Each account's chain of parents, so that a limit at any level of a group covers its subtree; filled from the accounts' parent links.</summary>
[DbContext(typeof(CreditLimitsDbContext))]
[Migration("20261124050000_AccountAncestors")]
internal sealed class AccountAncestors : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, CreditLimitsDbContext.SchemaName);
        migrationBuilder.CreateTable(
            name: n.Table("account_ancestors"),
            schema: n.Schema,
            columns: table => new
            {
                customer_id = table.Column<Guid>(type: n.Guid, nullable: false),
                ancestor_id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                depth = table.Column<int>(type: n.Int, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("account_ancestors"), x => new { x.customer_id, x.ancestor_id }));
        migrationBuilder.CreateIndex(
            n.Index("account_ancestors", "company_id", "ancestor_id"), n.Table("account_ancestors"), ["company_id", "ancestor_id"], n.Schema);

        // The chains of the accounts already projected, walked up their parent links (a parent not projected ends the chain
        // there; the next ledger event or refresh of the customer reads it whole).
        var accounts = n.Schema is null ? n.Table("accounts") : $"{n.Schema}.{n.Table("accounts")}";
        var ancestors = n.Schema is null ? n.Table("account_ancestors") : $"{n.Schema}.{n.Table("account_ancestors")}";
        migrationBuilder.Sql($"""
            WITH RECURSIVE chain (customer_id, ancestor_id, company_id, depth, parent_id) AS (
                SELECT customer_id, customer_id, company_id, 0, parent_customer_id FROM {accounts}
                UNION ALL
                SELECT c.customer_id, c.parent_id, c.company_id, c.depth + 1, p.parent_customer_id
                FROM chain c LEFT JOIN {accounts} p ON p.customer_id = c.parent_id
                WHERE c.parent_id IS NOT NULL AND c.depth < 20)
            INSERT INTO {ancestors} (customer_id, ancestor_id, company_id, depth)
            SELECT customer_id, ancestor_id, company_id, depth FROM chain
            """);
    }
}
