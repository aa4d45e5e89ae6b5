using Etrepaye.Disputes.Domain;
using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Etrepaye.Disputes.Data;

internal sealed class DisputesDbContext(DbContextOptions<DisputesDbContext> options)
    : ModuleDbContext(options)
{
    public const string SchemaName = "disputes";

    public override string Schema => SchemaName;

    public DbSet<Dispute> Disputes => Set<Dispute>();

    public DbSet<DisputeLine> Lines => Set<DisputeLine>();

    public DbSet<DisputeReason> Reasons => Set<DisputeReason>();

    public DbSet<DisputeNote> Notes => Set<DisputeNote>();

    public DbSet<DisputeDocument> Documents => Set<DisputeDocument>();

    public DbSet<InternalRequest> InternalRequests => Set<InternalRequest>();

    public DbSet<DisputeCounter> Counters => Set<DisputeCounter>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Dispute>(dispute =>
        {
            dispute.ToTable("disputes");
            dispute.HasKey(d => d.Id);
            dispute.Ignore(d => d.Reference);
            dispute.Ignore(d => d.IsClosed);
            dispute.Ignore(d => d.AwaitsCreditNote);
            dispute.Property(d => d.ReasonCode).HasMaxLength(40);
            dispute.Property(d => d.Description).HasMaxLength(4000);
            dispute.Property(d => d.Currency).HasMaxLength(3);
            dispute.Property(d => d.OwnerDepartment).HasMaxLength(40);
            dispute.Property(d => d.OwnerEmail).HasMaxLength(256);
            dispute.Property(d => d.OpenedBy).HasMaxLength(256);
            dispute.Property(d => d.Source).HasMaxLength(40);
            dispute.Property(d => d.ResolutionComment).HasMaxLength(4000);
            dispute.Property(d => d.DecidedBy).HasMaxLength(256);
            dispute.Property(d => d.ExpectedCreditNoteReference).HasMaxLength(100);
            dispute.Property(d => d.PublicNote).HasMaxLength(2000);
            dispute.Property(d => d.Version).IsConcurrencyToken();
            dispute.HasIndex(d => new { d.CompanyId, d.Number }).IsUnique();
            dispute.HasIndex(d => new { d.CompanyId, d.CustomerId, d.Status });
            dispute.HasIndex(d => new { d.CompanyId, d.Status, d.DueDate });
        });

        modelBuilder.Entity<DisputeLine>(line =>
        {
            line.ToTable("dispute_lines");
            line.HasKey(l => l.Id);
            line.Property(l => l.InvoiceReference).HasMaxLength(100);
            line.HasIndex(l => new { l.CompanyId, l.DisputeId });
            line.HasIndex(l => new { l.CompanyId, l.InvoiceId });
        });

        modelBuilder.Entity<DisputeReason>(reason =>
        {
            reason.ToTable("dispute_reasons");
            reason.HasKey(r => r.Id);
            reason.Property(r => r.Code).HasMaxLength(40);
            reason.Property(r => r.Name).HasMaxLength(100);
            reason.Property(r => r.OwnerDepartment).HasMaxLength(40);
            reason.Property(r => r.Version).IsConcurrencyToken();
            reason.HasIndex(r => new { r.CompanyId, r.Code }).IsUnique();
        });

        modelBuilder.Entity<DisputeNote>(note =>
        {
            note.ToTable("dispute_notes");
            note.HasKey(n => n.Id);
            note.Property(n => n.Author).HasMaxLength(256);
            note.Property(n => n.Text).HasMaxLength(4000);
            note.Property(n => n.Mentions)
                .HasConversion(
                    mentions => string.Join('\n', mentions),
                    text => text.Split('\n', StringSplitOptions.RemoveEmptyEntries),
                    new ValueComparer<string[]>((left, right) => left!.SequenceEqual(right!), mentions => mentions.Aggregate(17, HashCode.Combine), mentions => mentions.ToArray()));
            note.HasIndex(n => new { n.CompanyId, n.DisputeId, n.At });
        });

        modelBuilder.Entity<DisputeDocument>(document =>
        {
            document.ToTable("dispute_documents");
            document.HasKey(d => d.Id);
            document.Property(d => d.FileName).HasMaxLength(260);
            document.Property(d => d.ContentType).HasMaxLength(100);
            document.Property(d => d.Sha256).HasMaxLength(64);
            document.Property(d => d.UploadedBy).HasMaxLength(256);
            document.HasIndex(d => new { d.CompanyId, d.DisputeId });
        });

        modelBuilder.Entity<InternalRequest>(request =>
        {
            request.ToTable("internal_requests");
            request.HasKey(r => r.Id);
            request.Property(r => r.Department).HasMaxLength(40);
            request.Property(r => r.RecipientEmail).HasMaxLength(256);
            request.Property(r => r.Message).HasMaxLength(4000);
            request.Property(r => r.TokenHash).HasMaxLength(64).IsRedactedInAudit();
            request.Property(r => r.Link).HasMaxLength(1000).IsRedactedInAudit();
            request.Property(r => r.CreatedBy).HasMaxLength(256);
            request.Property(r => r.MailStatus).HasMaxLength(20);
            request.Property(r => r.AnsweredBy).HasMaxLength(200);
            request.Property(r => r.Answer).HasMaxLength(4000);
            request.Property(r => r.RevokedBy).HasMaxLength(256);
            request.Property(r => r.Version).IsConcurrencyToken();
            request.HasIndex(r => r.TokenHash).IsUnique();
            request.HasIndex(r => new { r.CompanyId, r.DisputeId });
            request.HasIndex(r => new { r.CompanyId, r.MailStatus });
        });

        modelBuilder.Entity<DisputeCounter>(counter =>
        {
            counter.ToTable("dispute_counters");
            counter.HasKey(c => c.CompanyId);
            counter.Property(c => c.Version).IsConcurrencyToken();
        });
    }
}
