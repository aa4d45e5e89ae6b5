using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Workflows.Persistence;

/// <summary>
/// The engine's tables (schema <c>workflows</c>, prefix <c>workflows_</c> on SQLite): instances and their
/// index rows (bookmarks, timers, tasks), the append-only journal and incidents, pending stimuli, and the
/// outbox of effect commands. <see cref="EfWorkflowStore"/> writes one step's changes in one transaction.
/// </summary>
internal sealed class WorkflowDbContext(DbContextOptions<WorkflowDbContext> options)
    : ModuleDbContext(options)
{
    public const string SchemaName = "workflows";

    /// <summary>The partial indexes' condition; queries match it because EF writes the enum constant as this literal.</summary>
    public const string OpenTaskFilter = "status = 'Open'";

    /// <summary>The pending effects' partial index, in the order the dispatcher claims them.</summary>
    public const string PendingEffectFilter = "status = 'Pending'";

    public override string Schema => SchemaName;

    public DbSet<WorkflowInstanceRow> Instances => Set<WorkflowInstanceRow>();

    public DbSet<WorkflowBookmarkRow> Bookmarks => Set<WorkflowBookmarkRow>();

    public DbSet<WorkflowTimerRow> Timers => Set<WorkflowTimerRow>();

    public DbSet<WorkflowJournalRow> Journal => Set<WorkflowJournalRow>();

    public DbSet<WorkflowIncidentRow> Incidents => Set<WorkflowIncidentRow>();

    public DbSet<PendingStimulusRow> PendingStimuli => Set<PendingStimulusRow>();

    public DbSet<ReceivedMessageRow> ReceivedMessages => Set<ReceivedMessageRow>();

    public DbSet<HumanTaskRow> HumanTasks => Set<HumanTaskRow>();

    public DbSet<EffectCommandRow> Effects => Set<EffectCommandRow>();

    /// <summary>The physical name of an entity's table, schema-qualified on PostgreSQL, for the few raw SQL statements.</summary>
    public string QualifiedTable<TRow>()
    {
        var entityType = Model.FindEntityType(typeof(TRow))!;
        var schema = entityType.GetSchema();
        return schema is null ? $"\"{entityType.GetTableName()}\"" : $"\"{schema}\".\"{entityType.GetTableName()}\"";
    }

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkflowInstanceRow>(instance =>
        {
            instance.ToTable("instances");
            instance.HasKey(i => i.Id);
            instance.Property(i => i.DefinitionId).HasMaxLength(200);
            instance.Property(i => i.Status).HasMaxLength(40);
            instance.Property(i => i.Version).IsConcurrencyToken();
            instance.HasIndex(i => new { i.CompanyId, i.DefinitionId });
            instance.HasIndex(i => new { i.CompanyId, i.Status });
            instance.Property(i => i.Customer).HasMaxLength(200);
            instance.HasIndex(i => new { i.CompanyId, i.Customer });
        });

        modelBuilder.Entity<WorkflowBookmarkRow>(bookmark =>
        {
            bookmark.ToTable("bookmarks");
            bookmark.HasKey(b => b.Id);
            bookmark.Property(b => b.EventName).HasMaxLength(200);
            bookmark.Property(b => b.CorrelationKeys).HasMaxLength(1000);
            bookmark.HasIndex(b => new { b.EventName, b.CorrelationKeys });
            bookmark.HasIndex(b => b.InstanceId);
        });

        modelBuilder.Entity<WorkflowTimerRow>(timer =>
        {
            timer.ToTable("timers");
            timer.HasKey(t => t.Id);
            timer.Property(t => t.LeaseOwner).HasMaxLength(100);
            timer.HasIndex(t => t.DueAt);
            timer.HasIndex(t => t.InstanceId);
        });

        modelBuilder.Entity<WorkflowJournalRow>(journal =>
        {
            journal.ToTable("journal_entries");
            journal.HasKey(j => new { j.InstanceId, j.Sequence });
            journal.Property(j => j.Kind).HasMaxLength(40);
            journal.Property(j => j.ActivityId).HasMaxLength(200);
            journal.Property(j => j.Port).HasMaxLength(400);
        });

        modelBuilder.Entity<WorkflowIncidentRow>(incident =>
        {
            incident.ToTable("incidents");
            incident.HasKey(i => i.Id);
            incident.Property(i => i.ActivityId).HasMaxLength(200);
            incident.HasIndex(i => i.InstanceId);
        });

        modelBuilder.Entity<PendingStimulusRow>(pending =>
        {
            pending.ToTable("pending_stimuli");
            pending.HasKey(p => p.MessageId);
            pending.Property(p => p.MessageId).HasMaxLength(200);
            pending.Property(p => p.EventName).HasMaxLength(200);
            pending.HasIndex(p => new { p.EventName, p.ReceivedAt });
            pending.HasIndex(p => p.ExpiresAt);
        });

        modelBuilder.Entity<ReceivedMessageRow>(message =>
        {
            message.ToTable("received_messages");
            message.HasKey(m => m.MessageId);
            message.Property(m => m.MessageId).HasMaxLength(200);
        });

        modelBuilder.Entity<HumanTaskRow>(task =>
        {
            task.ToTable("human_tasks");
            task.HasKey(t => t.Id);
            task.Property(t => t.ActivityId).HasMaxLength(200);
            task.Property(t => t.Title).HasMaxLength(500);
            task.Property(t => t.Role).HasMaxLength(100);
            task.Property(t => t.Assignee).HasMaxLength(200);
            task.Property(t => t.Priority).HasMaxLength(40);
            task.Property(t => t.Outcome).HasMaxLength(200);
            task.Property(t => t.ClosedBy).HasMaxLength(200);
            task.Property(t => t.ClaimedBy).HasMaxLength(200);
            task.HasIndex(t => new { t.CompanyId, t.Status });
            task.HasIndex(t => t.InstanceId);

            // The inbox's two orders over the open tasks only (closed tasks accumulate), and the rows a new day must rescore.
            task.HasIndex(t => new { t.CompanyId, t.Score, t.DueDate, t.CreatedAt, t.Id }).IsDescending(false, true, false, false, false).HasFilter(OpenTaskFilter);
            task.HasIndex(t => new { t.CompanyId, t.DueDate, t.Score, t.CreatedAt, t.Id }).IsDescending(false, false, true, false, false).HasFilter(OpenTaskFilter);
            task.HasIndex(t => new { t.CompanyId, t.ScoreDay }).HasFilter(OpenTaskFilter);
        });

        modelBuilder.Entity<EffectCommandRow>(effect =>
        {
            effect.ToTable("effect_commands");
            effect.HasKey(e => e.IdempotencyKey);
            effect.Property(e => e.IdempotencyKey).HasMaxLength(300);
            effect.Property(e => e.ActivityId).HasMaxLength(200);
            effect.Property(e => e.EffectType).HasMaxLength(200);
            effect.Property(e => e.LastError).HasMaxLength(2000);
            effect.Property(e => e.LeaseOwner).HasMaxLength(100);
            effect.HasIndex(e => new { e.Status, e.LeaseUntil });
            effect.HasIndex(e => e.RequestedAt).HasFilter(PendingEffectFilter);
            effect.HasIndex(e => e.InstanceId);
        });
    }
}
