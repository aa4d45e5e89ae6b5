using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Etrepaye.Receivables.Data;

internal sealed class ReceivablesDbContext(DbContextOptions<ReceivablesDbContext> options, RequestContext requestContext, TimeProvider timeProvider)
    : ModuleDbContext(options, requestContext, timeProvider)
{
    public const string SchemaName = "receivables";

    public override string Schema => SchemaName;

    public DbSet<ReceivablesSettings> Settings => Set<ReceivablesSettings>();

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
    }
}
