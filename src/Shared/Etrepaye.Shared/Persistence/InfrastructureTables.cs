using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Shared.Persistence;

/// <summary>The outbox, inbox and audit tables every module has in its own schema.</summary>
internal static class InfrastructureTables
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.EventType).HasMaxLength(300);
            outbox.Property(m => m.CorrelationId).HasMaxLength(100);
            outbox.Property(m => m.LeaseOwner).HasMaxLength(100);
            outbox.Property(m => m.LastError).HasMaxLength(2000);
            outbox.HasIndex(m => new { m.DispatchedAt, m.Id });
        });
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Handler });
            inbox.Property(m => m.Handler).HasMaxLength(300);
        });
        modelBuilder.Entity<AuditEntry>(audit =>
        {
            audit.ToTable("audit_entries");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.ActorName).HasMaxLength(200);
            audit.Property(a => a.Action).HasMaxLength(200);
            audit.Property(a => a.EntityType).HasMaxLength(200);
            audit.Property(a => a.EntityId).HasMaxLength(200);
            audit.Property(a => a.Change).HasMaxLength(20);
            audit.Property(a => a.CorrelationId).HasMaxLength(100);
            audit.HasIndex(a => new { a.CompanyId, a.At });
        });
    }
}
