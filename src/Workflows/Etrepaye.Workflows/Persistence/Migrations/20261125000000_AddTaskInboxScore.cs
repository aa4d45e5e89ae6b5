using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Workflows.Persistence.Migrations;

/// <summary>
/// The inbox's priority stored on the task with the day it is for, and partial indexes over the open tasks in the inbox's
/// two orders. Existing tasks start on day 0001-01-01, so the first inbox read of each company scores them.
/// </summary>
[DbContext(typeof(WorkflowDbContext))]
[Migration("20261125000000_AddTaskInboxScore")]
internal sealed class AddTaskInboxScore : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, WorkflowDbContext.SchemaName);
        var table = n.Table("human_tasks");
        migrationBuilder.AddColumn<double>("score", table, type: n.Double, nullable: false, defaultValue: 0d, schema: n.Schema);
        migrationBuilder.AddColumn<DateOnly>("score_day", table, type: n.Date, nullable: false, defaultValue: DateOnly.MinValue, schema: n.Schema);
        migrationBuilder.CreateIndex(
            n.Index("human_tasks", "company_id", "score", "due_date", "created_at", "id"), table, ["company_id", "score", "due_date", "created_at", "id"], n.Schema,
            descending: [false, true, false, false, false], filter: WorkflowDbContext.OpenTaskFilter);
        migrationBuilder.CreateIndex(
            n.Index("human_tasks", "company_id", "due_date", "score", "created_at", "id"), table, ["company_id", "due_date", "score", "created_at", "id"], n.Schema,
            descending: [false, false, true, false, false], filter: WorkflowDbContext.OpenTaskFilter);
        migrationBuilder.CreateIndex(
            n.Index("human_tasks", "company_id", "score_day"), table, ["company_id", "score_day"], n.Schema, filter: WorkflowDbContext.OpenTaskFilter);
    }
}
