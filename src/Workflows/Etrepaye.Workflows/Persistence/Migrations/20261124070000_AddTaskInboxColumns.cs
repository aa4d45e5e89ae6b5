using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Workflows.Persistence.Migrations;

/// <summary>The task inbox and the instance search: who claimed a task, the amount at risk, the instance's customer.</summary>
[DbContext(typeof(WorkflowDbContext))]
[Migration("20261124070000_AddTaskInboxColumns")]
internal sealed class AddTaskInboxColumns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, WorkflowDbContext.SchemaName);
        migrationBuilder.AddColumn<string>("customer", n.Table("instances"), type: n.Text(200), maxLength: 200, nullable: true, schema: n.Schema);
        migrationBuilder.CreateIndex(n.Index("instances", "company_id", "customer"), n.Table("instances"), ["company_id", "customer"], n.Schema);
        migrationBuilder.AddColumn<string>("claimed_by", n.Table("human_tasks"), type: n.Text(200), maxLength: 200, nullable: true, schema: n.Schema);
        migrationBuilder.AddColumn<DateTimeOffset>("claimed_at", n.Table("human_tasks"), type: n.Instant, nullable: true, schema: n.Schema);
        migrationBuilder.AddColumn<decimal>("amount_at_risk", n.Table("human_tasks"), type: n.Decimal, nullable: true, schema: n.Schema);
    }
}
