using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Domain;
using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Etrepaye.Procedures.Data;

internal sealed class ProceduresDbContext(DbContextOptions<ProceduresDbContext> options)
    : ModuleDbContext(options)
{
    public const string SchemaName = "procedures";

    public override string Schema => SchemaName;

    public DbSet<Procedure> Procedures => Set<Procedure>();

    public DbSet<ProcedureVersion> Versions => Set<ProcedureVersion>();

    public DbSet<PersonalTemplate> PersonalTemplates => Set<PersonalTemplate>();

    public DbSet<AssignmentRule> AssignmentRules => Set<AssignmentRule>();

    public DbSet<DefaultProcedure> DefaultProcedures => Set<DefaultProcedure>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Procedure>(procedure =>
        {
            procedure.ToTable("procedures");
            procedure.HasKey(p => p.Id);
            procedure.Property(p => p.Name).HasMaxLength(200);
            procedure.Property(p => p.Description).HasMaxLength(2000);
            procedure.Property(p => p.Origin).HasMaxLength(200);
            procedure.Property(p => p.DraftComment).HasMaxLength(1000);
            procedure.Property(p => p.DraftSavedBy).HasMaxLength(200);
            procedure.Property(p => p.CreatedBy).HasMaxLength(200);
            procedure.Property(p => p.Version).IsConcurrencyToken();
            procedure.HasIndex(p => new { p.CompanyId, p.Name });
        });

        modelBuilder.Entity<ProcedureVersion>(version =>
        {
            version.ToTable("procedure_versions");
            version.HasKey(v => v.Id);
            version.Property(v => v.PublishedBy).HasMaxLength(200);
            version.Property(v => v.Comment).HasMaxLength(1000);
            version.Property(v => v.RetractedBy).HasMaxLength(200);
            version.HasIndex(v => new { v.ProcedureId, v.Number }).IsUnique();
            version.HasIndex(v => new { v.CompanyId, v.ProcedureId });
        });

        modelBuilder.Entity<PersonalTemplate>(template =>
        {
            template.ToTable("personal_templates");
            template.HasKey(t => t.Id);
            template.Property(t => t.Name).HasMaxLength(200);
            template.Property(t => t.Description).HasMaxLength(2000);
            template.HasIndex(t => new { t.OwnerId, t.Name });
        });

        modelBuilder.Entity<AssignmentRule>(rule =>
        {
            rule.ToTable("assignment_rules");
            rule.HasKey(r => r.Id);
            rule.Property(r => r.Name).HasMaxLength(200);
            rule.Property(r => r.Purposes)
                .HasConversion(
                    purposes => string.Join(',', purposes),
                    text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<ProcedurePurpose>).ToArray(),
                    new ValueComparer<ProcedurePurpose[]>((left, right) => left!.SequenceEqual(right!), purposes => purposes.Aggregate(17, (hash, p) => HashCode.Combine(hash, p)), purposes => purposes.ToArray()))
                .HasMaxLength(200);
            rule.Property(r => r.Version).IsConcurrencyToken();
            rule.HasIndex(r => new { r.CompanyId, r.Position });
        });

        modelBuilder.Entity<DefaultProcedure>(fallback =>
        {
            fallback.ToTable("default_procedures");
            fallback.HasKey(d => new { d.CompanyId, d.Purpose });
        });
    }
}
