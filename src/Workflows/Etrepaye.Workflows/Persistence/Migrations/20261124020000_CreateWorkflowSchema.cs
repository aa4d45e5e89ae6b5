using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Workflows.Persistence.Migrations;

[DbContext(typeof(WorkflowDbContext))]
[Migration("20261124020000_CreateWorkflowSchema")]
internal sealed class CreateWorkflowSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, WorkflowDbContext.SchemaName);
        n.CreateInfrastructureTables();

        migrationBuilder.CreateTable(
            name: n.Table("instances"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                definition_id = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                definition_version = table.Column<int>(type: n.Int, nullable: false),
                status = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
                snapshot = table.Column<string>(type: n.Text(), nullable: false),
                correlation_keys = table.Column<string>(type: n.Text(), nullable: false),
                parent_instance_id = table.Column<Guid>(type: n.Guid, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                finished_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("instances"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("instances", "company_id", "definition_id"), n.Table("instances"), ["company_id", "definition_id"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("instances", "company_id", "status"), n.Table("instances"), ["company_id", "status"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("bookmarks"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                instance_id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                event_name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                correlation_keys = table.Column<string>(type: n.Text(1000), maxLength: 1000, nullable: false),
                data = table.Column<string>(type: n.Text(), nullable: false),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("bookmarks"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("bookmarks", "event_name", "correlation_keys"), n.Table("bookmarks"), ["event_name", "correlation_keys"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("bookmarks", "instance_id"), n.Table("bookmarks"), "instance_id", n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("timers"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                instance_id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                due_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                lease_until = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                lease_owner = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                data = table.Column<string>(type: n.Text(), nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("timers"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("timers", "due_at"), n.Table("timers"), "due_at", n.Schema);
        migrationBuilder.CreateIndex(n.Index("timers", "instance_id"), n.Table("timers"), "instance_id", n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("journal_entries"),
            schema: n.Schema,
            columns: table => new
            {
                instance_id = table.Column<Guid>(type: n.Guid, nullable: false),
                sequence = table.Column<long>(type: n.Long, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                kind = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                activity_id = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
                port = table.Column<string>(type: n.Text(400), maxLength: 400, nullable: true),
                data = table.Column<string>(type: n.Text(), nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("journal_entries"), x => new { x.instance_id, x.sequence }));

        migrationBuilder.CreateTable(
            name: n.Table("incidents"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                instance_id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                activity_id = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                data = table.Column<string>(type: n.Text(), nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("incidents"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("incidents", "instance_id"), n.Table("incidents"), "instance_id", n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("pending_stimuli"),
            schema: n.Schema,
            columns: table => new
            {
                message_id = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                event_name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                data = table.Column<string>(type: n.Text(), nullable: false),
                received_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("pending_stimuli"), x => x.message_id));
        migrationBuilder.CreateIndex(n.Index("pending_stimuli", "event_name", "received_at"), n.Table("pending_stimuli"), ["event_name", "received_at"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("pending_stimuli", "expires_at"), n.Table("pending_stimuli"), "expires_at", n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("received_messages"),
            schema: n.Schema,
            columns: table => new
            {
                message_id = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                received_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("received_messages"), x => x.message_id));

        migrationBuilder.CreateTable(
            name: n.Table("human_tasks"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                instance_id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                activity_id = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                title = table.Column<string>(type: n.Text(500), maxLength: 500, nullable: false),
                role = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
                assignee = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
                due_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                priority = table.Column<string>(type: n.Text(40), maxLength: 40, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                outcome = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
                closed_by = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
                closed_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                data = table.Column<string>(type: n.Text(), nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("human_tasks"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("human_tasks", "company_id", "status"), n.Table("human_tasks"), ["company_id", "status"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("human_tasks", "instance_id"), n.Table("human_tasks"), "instance_id", n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("effect_commands"),
            schema: n.Schema,
            columns: table => new
            {
                idempotency_key = table.Column<string>(type: n.Text(300), maxLength: 300, nullable: false),
                instance_id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                activity_id = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                effect_type = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                payload = table.Column<string>(type: n.Text(), nullable: false),
                requested_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                status = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                attempts = table.Column<int>(type: n.Int, nullable: false),
                result = table.Column<string>(type: n.Text(), nullable: true),
                last_error = table.Column<string>(type: n.Text(2000), maxLength: 2000, nullable: true),
                completed_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                lease_until = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                lease_owner = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("effect_commands"), x => x.idempotency_key));
        migrationBuilder.CreateIndex(n.Index("effect_commands", "status", "lease_until"), n.Table("effect_commands"), ["status", "lease_until"], n.Schema);
        migrationBuilder.CreateIndex(n.Index("effect_commands", "instance_id"), n.Table("effect_commands"), "instance_id", n.Schema);
    }
}
