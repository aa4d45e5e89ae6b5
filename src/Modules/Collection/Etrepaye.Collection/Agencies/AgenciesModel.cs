using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Etrepaye.Collection.Agencies;

/// <summary>The agencies' tables in the Collection module's context (migration CreateAgencies).</summary>
internal static class AgenciesModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder
            .ApplyConfiguration(new AgencyConfiguration())
            .ApplyConfiguration(new AgencyApiKeyConfiguration())
            .ApplyConfiguration(new AgencyCaseConfiguration())
            .ApplyConfiguration(new AgencyCaseItemConfiguration())
            .ApplyConfiguration(new AgencyCaseDocumentConfiguration())
            .ApplyConfiguration(new AgencyCaseEntryConfiguration())
            .ApplyConfiguration(new AgencyCollectionConfiguration())
            .ApplyConfiguration(new AgencyDirectPaymentConfiguration());
}

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> agency)
    {
        agency.ToTable("agencies");
        agency.HasKey(a => a.Id);
        agency.Property(a => a.Name).HasMaxLength(200);
        agency.Property(a => a.ContactName).HasMaxLength(200);
        agency.Property(a => a.Email).HasMaxLength(254);
        agency.Property(a => a.Phone).HasMaxLength(40);
        agency.Property(a => a.Version).IsConcurrencyToken();
        agency.HasIndex(a => new { a.CompanyId, a.Name }).IsUnique();
    }
}

internal sealed class AgencyApiKeyConfiguration : IEntityTypeConfiguration<AgencyApiKey>
{
    public void Configure(EntityTypeBuilder<AgencyApiKey> key)
    {
        key.ToTable("agency_api_keys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Name).HasMaxLength(100);
        key.Property(k => k.SecretHash).HasMaxLength(64).IsRedactedInAudit();
        key.Property(k => k.CreatedBy).HasMaxLength(256);
        key.HasIndex(k => new { k.CompanyId, k.AgencyId });
    }
}

internal sealed class AgencyCaseConfiguration : IEntityTypeConfiguration<AgencyCase>
{
    public void Configure(EntityTypeBuilder<AgencyCase> agencyCase)
    {
        agencyCase.ToTable("agency_cases");
        agencyCase.HasKey(c => c.Id);
        agencyCase.Property(c => c.Currency).HasMaxLength(3);
        agencyCase.Property(c => c.HandedOverBy).HasMaxLength(256);
        agencyCase.Property(c => c.Note).HasMaxLength(2000);
        agencyCase.Property(c => c.Version).IsConcurrencyToken();
        agencyCase.HasIndex(c => new { c.CompanyId, c.HeldCaseId }).IsUnique();
        agencyCase.HasIndex(c => new { c.CompanyId, c.CaseId });
        agencyCase.HasIndex(c => new { c.CompanyId, c.AgencyId, c.HandedOverOn });
        agencyCase.HasIndex(c => new { c.CompanyId, c.CustomerId });
    }
}

internal sealed class AgencyCaseItemConfiguration : IEntityTypeConfiguration<AgencyCaseItem>
{
    public void Configure(EntityTypeBuilder<AgencyCaseItem> item)
    {
        item.ToTable("agency_case_items");
        item.HasKey(i => i.Id);
        item.Property(i => i.Reference).HasMaxLength(100);
        item.Property(i => i.Currency).HasMaxLength(3);
        item.HasIndex(i => new { i.CompanyId, i.AgencyCaseId });
    }
}

internal sealed class AgencyCaseDocumentConfiguration : IEntityTypeConfiguration<AgencyCaseDocument>
{
    public void Configure(EntityTypeBuilder<AgencyCaseDocument> document)
    {
        document.ToTable("agency_case_documents");
        document.HasKey(d => d.Id);
        document.Property(d => d.FileName).HasMaxLength(260);
        document.Property(d => d.ContentType).HasMaxLength(100);
        document.Property(d => d.Sha256).HasMaxLength(64);
        document.Property(d => d.UploadedBy).HasMaxLength(256);
        document.HasIndex(d => new { d.CompanyId, d.AgencyCaseId });
    }
}

internal sealed class AgencyCaseEntryConfiguration : IEntityTypeConfiguration<AgencyCaseEntry>
{
    public void Configure(EntityTypeBuilder<AgencyCaseEntry> entry)
    {
        entry.ToTable("agency_case_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Text).HasMaxLength(2000);
        entry.Property(e => e.By).HasMaxLength(256);
        entry.HasIndex(e => new { e.CompanyId, e.AgencyCaseId });
    }
}

internal sealed class AgencyCollectionConfiguration : IEntityTypeConfiguration<AgencyCollection>
{
    public void Configure(EntityTypeBuilder<AgencyCollection> collection)
    {
        collection.ToTable("agency_collections");
        collection.HasKey(c => c.Id);
        collection.Property(c => c.Reference).HasMaxLength(100);
        collection.Property(c => c.RecordedBy).HasMaxLength(256);
        collection.HasIndex(c => new { c.CompanyId, c.AgencyCaseId });
    }
}

internal sealed class AgencyDirectPaymentConfiguration : IEntityTypeConfiguration<AgencyDirectPayment>
{
    public void Configure(EntityTypeBuilder<AgencyDirectPayment> payment)
    {
        payment.ToTable("agency_direct_payments");
        payment.HasKey(p => p.Id);
        payment.Property(p => p.Reference).HasMaxLength(100);
        payment.Property(p => p.Currency).HasMaxLength(3);
        payment.HasIndex(p => new { p.CompanyId, p.AgencyCaseId, p.PaymentId }).IsUnique();
    }
}
