using Etrepaye.Guarantees.Domain;
using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Etrepaye.Guarantees.Data;

internal sealed class GuaranteesDbContext(DbContextOptions<GuaranteesDbContext> options)
    : ModuleDbContext(options)
{
    public const string SchemaName = "guarantees";

    public override string Schema => SchemaName;

    public DbSet<Guarantee> Guarantees => Set<Guarantee>();

    public DbSet<GuaranteeStatusChange> StatusChanges => Set<GuaranteeStatusChange>();

    public DbSet<GuaranteeDocument> Documents => Set<GuaranteeDocument>();

    public DbSet<GuaranteeCall> Calls => Set<GuaranteeCall>();

    public DbSet<GuaranteeCallReceipt> CallReceipts => Set<GuaranteeCallReceipt>();

    public DbSet<InsurancePolicy> Policies => Set<InsurancePolicy>();

    public DbSet<InsuredLimit> InsuredLimits => Set<InsuredLimit>();

    public DbSet<InsuredLimitChange> InsuredLimitChanges => Set<InsuredLimitChange>();

    public DbSet<InsurerDuty> Duties => Set<InsurerDuty>();

    public DbSet<GuaranteesDailyCheck> DailyChecks => Set<GuaranteesDailyCheck>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Guarantee>(guarantee =>
        {
            guarantee.ToTable("guarantees");
            guarantee.HasKey(g => g.Id);
            guarantee.Property(g => g.IssuerName).HasMaxLength(200);
            guarantee.Property(g => g.IssuerReference).HasMaxLength(100);
            guarantee.Property(g => g.BeneficiaryLegalEntityCode).HasMaxLength(40);
            guarantee.Property(g => g.Currency).HasMaxLength(3);
            guarantee.Property(g => g.ScopeReferences)
                .HasConversion(
                    references => string.Join('\n', references),
                    text => text.Split('\n', StringSplitOptions.RemoveEmptyEntries),
                    new ValueComparer<string[]>((left, right) => left!.SequenceEqual(right!), references => references.Aggregate(17, HashCode.Combine), references => references.ToArray()));
            guarantee.Property(g => g.Notes).HasMaxLength(2000);
            guarantee.Property(g => g.Version).IsConcurrencyToken();
            guarantee.HasIndex(g => new { g.CompanyId, g.CustomerId });
            guarantee.HasIndex(g => new { g.CompanyId, g.Status, g.ExpiryDate });
        });

        modelBuilder.Entity<GuaranteeStatusChange>(change =>
        {
            change.ToTable("guarantee_status_changes");
            change.HasKey(c => c.Id);
            change.Property(c => c.ChangedBy).HasMaxLength(256);
            change.Property(c => c.Reason).HasMaxLength(500);
            change.HasIndex(c => new { c.CompanyId, c.GuaranteeId });
        });

        modelBuilder.Entity<GuaranteeDocument>(document =>
        {
            document.ToTable("guarantee_documents");
            document.HasKey(d => d.Id);
            document.Property(d => d.FileName).HasMaxLength(260);
            document.Property(d => d.ContentType).HasMaxLength(100);
            document.Property(d => d.Sha256).HasMaxLength(64);
            document.Property(d => d.UploadedBy).HasMaxLength(256);
            document.HasIndex(d => new { d.CompanyId, d.GuaranteeId });
        });

        modelBuilder.Entity<GuaranteeCall>(call =>
        {
            call.ToTable("guarantee_calls");
            call.HasKey(c => c.Id);
            call.Property(c => c.Currency).HasMaxLength(3);
            call.Property(c => c.InvoiceIds)
                .HasConversion(
                    ids => string.Join(',', ids),
                    text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToArray(),
                    new ValueComparer<Guid[]>((left, right) => left!.SequenceEqual(right!), ids => ids.Aggregate(17, (hash, id) => HashCode.Combine(hash, id)), ids => ids.ToArray()));
            call.Property(c => c.Reason).HasMaxLength(500);
            call.Property(c => c.CalledBy).HasMaxLength(256);
            call.Property(c => c.Version).IsConcurrencyToken();
            call.HasIndex(c => new { c.CompanyId, c.GuaranteeId });
            call.HasIndex(c => new { c.CompanyId, c.CalledOn });
        });

        modelBuilder.Entity<GuaranteeCallReceipt>(receipt =>
        {
            receipt.ToTable("guarantee_call_receipts");
            receipt.HasKey(r => r.Id);
            receipt.Property(r => r.Reference).HasMaxLength(100);
            receipt.Property(r => r.RecordedBy).HasMaxLength(256);
            receipt.HasIndex(r => new { r.CompanyId, r.CallId });
        });

        modelBuilder.Entity<InsurancePolicy>(policy =>
        {
            policy.ToTable("insurance_policies");
            policy.HasKey(p => p.Id);
            policy.Property(p => p.InsurerName).HasMaxLength(200);
            policy.Property(p => p.PolicyNumber).HasMaxLength(100);
            policy.Property(p => p.Currency).HasMaxLength(3);
            policy.Property(p => p.Version).IsConcurrencyToken();
            policy.HasIndex(p => new { p.CompanyId, p.PolicyNumber }).IsUnique();
        });

        modelBuilder.Entity<InsuredLimit>(limit =>
        {
            limit.ToTable("insured_limits");
            limit.HasKey(l => l.Id);
            limit.Property(l => l.DecisionReference).HasMaxLength(100);
            limit.Property(l => l.Version).IsConcurrencyToken();
            limit.HasIndex(l => new { l.CompanyId, l.PolicyId, l.CustomerId }).IsUnique();
            limit.HasIndex(l => new { l.CompanyId, l.CustomerId });
        });

        modelBuilder.Entity<InsuredLimitChange>(change =>
        {
            change.ToTable("insured_limit_changes");
            change.HasKey(c => c.Id);
            change.Property(c => c.ChangedBy).HasMaxLength(256);
            change.Property(c => c.Reference).HasMaxLength(100);
            change.Property(c => c.Note).HasMaxLength(500);
            change.HasIndex(c => new { c.CompanyId, c.LimitId, c.EffectiveDate });
        });

        modelBuilder.Entity<InsurerDuty>(duty =>
        {
            duty.ToTable("insurer_duties");
            duty.HasKey(d => d.Id);
            duty.Property(d => d.InvoiceReference).HasMaxLength(100);
            duty.Property(d => d.Currency).HasMaxLength(3);
            duty.Property(d => d.CompletedBy).HasMaxLength(256);
            duty.Property(d => d.InsurerReference).HasMaxLength(100);
            duty.Property(d => d.Note).HasMaxLength(500);
            duty.Property(d => d.Version).IsConcurrencyToken();
            duty.HasIndex(d => new { d.CompanyId, d.PolicyId, d.Type, d.InvoiceId }).IsUnique();
            duty.HasIndex(d => new { d.CompanyId, d.Status, d.Deadline });
        });

        modelBuilder.Entity<GuaranteesDailyCheck>(check =>
        {
            check.ToTable("daily_checks");
            check.HasKey(c => c.CompanyId);
        });
    }
}
