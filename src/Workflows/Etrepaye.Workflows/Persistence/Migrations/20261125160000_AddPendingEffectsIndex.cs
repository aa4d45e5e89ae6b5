using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Workflows.Persistence.Migrations;

/// <summary>
/// The pending effects in the order the dispatcher claims them (oldest request first). With only (status, lease_until), a claim
/// read every pending effect and sorted them to take a batch: 144 ms a claim with the daily run's 100,000 reminders pending.
/// </summary>
[DbContext(typeof(WorkflowDbContext))]
[Migration("20261125160000_AddPendingEffectsIndex")]
internal sealed class AddPendingEffectsIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, WorkflowDbContext.SchemaName);
        migrationBuilder.CreateIndex(
            n.Index("effect_commands", "requested_at"), n.Table("effect_commands"), ["requested_at"], n.Schema, filter: WorkflowDbContext.PendingEffectFilter);
    }
}
