using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Etrepaye.Receivables.Data;

internal sealed class ReceivablesDbContext(DbContextOptions<ReceivablesDbContext> options)
    : ModuleDbContext(options)
{
    public const string SchemaName = "receivables";

    /// <summary>The items still open (a small fraction of the ledger): the filter of the partial index the as-of reports read.</summary>
    public const string OpenItemsFilter = "settled_date IS NULL";

    /// <summary>The items settled (on a date): the filter of the covering index the as-of reports read for dates in the past.</summary>
    public const string SettledItemsFilter = "settled_date IS NOT NULL";

    public override string Schema => SchemaName;

    public DbSet<ReceivablesSettings> Settings => Set<ReceivablesSettings>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<CustomerContact> CustomerContacts => Set<CustomerContact>();

    public DbSet<Item> Items => Set<Item>();

    public DbSet<Allocation> Allocations => Set<Allocation>();

    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();

    public DbSet<ImportMapping> ImportMappings => Set<ImportMapping>();

    public DbSet<ImportRun> Imports => Set<ImportRun>();

    public DbSet<ImportRowError> ImportRowErrors => Set<ImportRowError>();

    public DbSet<OverdueCheck> OverdueChecks => Set<OverdueCheck>();

    public DbSet<ImportCustomerSummary> ImportCustomerSummaries => Set<ImportCustomerSummary>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReceivablesSettings>(settings =>
        {
            settings.ToTable("settings");
            settings.HasKey(s => s.CompanyId);
            settings.Property(s => s.ReportingCurrency).HasMaxLength(3);
            settings.Property(s => s.TimeZone).HasMaxLength(64);
            settings.Property(s => s.AgingBucketLimits)
                .HasConversion(
                    limits => string.Join(',', limits),
                    text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(),
                    new ValueComparer<int[]>((left, right) => left!.SequenceEqual(right!), limits => limits.Aggregate(17, HashCode.Combine), limits => limits.ToArray()))
                .HasMaxLength(100);
            settings.Property(s => s.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<Customer>(customer =>
        {
            customer.ToTable("customers");
            customer.HasKey(c => c.Id);
            customer.Property(c => c.Reference).HasMaxLength(100);
            customer.Property(c => c.Name).HasMaxLength(200);
            customer.Property(c => c.Siren).HasMaxLength(9);
            customer.Property(c => c.Siret).HasMaxLength(14);
            customer.Property(c => c.VatNumber).HasMaxLength(20);
            customer.Property(c => c.Country).HasMaxLength(2);
            customer.Property(c => c.Language).HasMaxLength(8);
            customer.Property(c => c.Currency).HasMaxLength(3);
            customer.Property(c => c.Segment).HasMaxLength(40);
            customer.Property(c => c.RiskClass).HasMaxLength(40);
            customer.Property(c => c.LegalEntityCode).HasMaxLength(40);
            customer.Property(c => c.AccountManager).HasMaxLength(200);
            customer.Property(c => c.Version).IsConcurrencyToken();
            customer.HasIndex(c => new { c.CompanyId, c.Reference }).IsUnique();
            customer.HasIndex(c => new { c.CompanyId, c.Name });
            customer.HasIndex(c => new { c.CompanyId, c.ParentCustomerId });
        });

        modelBuilder.Entity<CustomerContact>(contact =>
        {
            contact.ToTable("customer_contacts");
            contact.HasKey(c => c.Id);
            contact.Property(c => c.Name).HasMaxLength(200);
            contact.Property(c => c.Email).HasMaxLength(256);
            contact.Property(c => c.Phone).HasMaxLength(32);
            contact.HasIndex(c => new { c.CompanyId, c.CustomerId });
        });

        modelBuilder.Entity<Item>(item =>
        {
            item.ToTable("items");
            item.HasKey(i => i.Id);
            item.Property(i => i.Reference).HasMaxLength(100);
            item.Property(i => i.Currency).HasMaxLength(3);
            item.Property(i => i.Version).IsConcurrencyToken();
            item.Ignore(i => i.IsDebit);
            item.HasIndex(i => new { i.CompanyId, i.Type, i.Reference }).IsUnique();
            item.HasIndex(i => new { i.CompanyId, i.CustomerId, i.IssueDate });
            item.HasIndex(i => new { i.CompanyId, i.IssueDate });
            item.HasIndex(i => new { i.CompanyId, i.Status, i.DueDate });
            // Covering: the as-of reports read the still-open items from this index alone (an index-only scan), per customer for a group.
            item.HasIndex(i => new { i.CompanyId, i.CustomerId, i.Id, i.Type, i.Currency, i.IssueDate, i.DueDate, i.Amount, i.Disputed }, "open")
                .HasFilter(OpenItemsFilter);
            // Covering too, for the items settled after an as-of date in the past (open on it): their range, without their heap pages.
            item.HasIndex(i => new { i.CompanyId, i.SettledDate, i.IssueDate, i.CustomerId, i.Id, i.Type, i.Currency, i.DueDate, i.Amount, i.Disputed }, "settled")
                .HasFilter(SettledItemsFilter);
        });

        modelBuilder.Entity<Allocation>(allocation =>
        {
            allocation.ToTable("allocations");
            allocation.HasKey(a => a.Id);
            allocation.Property(a => a.Rate).HasPrecision(19, 8);
            allocation.Ignore(a => a.AmountOnTarget);
            allocation.HasIndex(a => new { a.CompanyId, a.TargetItemId });
            allocation.HasIndex(a => new { a.CompanyId, a.SourceItemId });
        });

        modelBuilder.Entity<ExchangeRate>(rate =>
        {
            rate.ToTable("exchange_rates");
            rate.HasKey(r => r.Id);
            rate.Property(r => r.FromCurrency).HasMaxLength(3);
            rate.Property(r => r.ToCurrency).HasMaxLength(3);
            rate.Property(r => r.Rate).HasPrecision(19, 8);
            rate.HasIndex(r => new { r.CompanyId, r.FromCurrency, r.ToCurrency, r.Date }).IsUnique();
        });

        modelBuilder.Entity<ImportMapping>(mapping =>
        {
            mapping.ToTable("import_mappings");
            mapping.HasKey(m => m.Id);
            mapping.Property(m => m.Name).HasMaxLength(100);
            mapping.Property(m => m.Version).IsConcurrencyToken();
            mapping.HasIndex(m => new { m.CompanyId, m.Name }).IsUnique();
        });

        modelBuilder.Entity<ImportRun>(run =>
        {
            run.ToTable("imports");
            run.HasKey(r => r.Id);
            run.Property(r => r.FileName).HasMaxLength(260);
            run.Property(r => r.StartedBy).HasMaxLength(256);
            run.Property(r => r.Message).HasMaxLength(2000);
            run.HasIndex(r => new { r.CompanyId, r.StartedAt });
        });

        modelBuilder.Entity<ImportRowError>(error =>
        {
            error.ToTable("import_row_errors");
            error.HasKey(e => e.Id);
            error.Property(e => e.Column).HasMaxLength(100);
            error.Property(e => e.Reason).HasMaxLength(500);
            error.HasIndex(e => new { e.CompanyId, e.ImportId, e.Line });
        });

        modelBuilder.Entity<ImportCustomerSummary>(summary =>
        {
            summary.ToTable("import_customer_summaries");
            summary.HasKey(s => s.Id);
            summary.HasIndex(s => new { s.CompanyId, s.CustomerId, s.ImportId });
        });

        modelBuilder.Entity<OverdueCheck>(check =>
        {
            check.ToTable("overdue_checks");
            check.HasKey(c => c.CompanyId);
        });
    }
}
