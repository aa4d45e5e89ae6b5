using Etrepaye.CreditLimits.Domain;
using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Data;

internal sealed class CreditLimitsDbContext(DbContextOptions<CreditLimitsDbContext> options)
    : ModuleDbContext(options)
{
    public const string SchemaName = "credit_limits";

    public override string Schema => SchemaName;

    public DbSet<CreditSettings> Settings => Set<CreditSettings>();

    public DbSet<AuthorityLevel> AuthorityLevels => Set<AuthorityLevel>();

    public DbSet<CreditLimit> Limits => Set<CreditLimit>();

    public DbSet<CreditLimitChange> LimitChanges => Set<CreditLimitChange>();

    public DbSet<CreditRequest> Requests => Set<CreditRequest>();

    public DbSet<CreditAccount> Accounts => Set<CreditAccount>();

    public DbSet<ExposureLine> ExposureLines => Set<ExposureLine>();

    public DbSet<AccountAncestor> Ancestors => Set<AccountAncestor>();

    public DbSet<AccountBlockChange> BlockChanges => Set<AccountBlockChange>();

    public DbSet<OpenOrder> Orders => Set<OpenOrder>();

    public DbSet<OrderCheck> Checks => Set<OrderCheck>();

    public DbSet<FinancialStatement> FinancialStatements => Set<FinancialStatement>();

    public DbSet<PaymentIncident> Incidents => Set<PaymentIncident>();

    public DbSet<CreditDailyCheck> DailyChecks => Set<CreditDailyCheck>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CreditSettings>(settings =>
        {
            settings.ToTable("settings");
            settings.HasKey(s => s.CompanyId);
            settings.Property(s => s.AuthorityCurrency).HasMaxLength(3);
            settings.Property(s => s.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<AuthorityLevel>(level =>
        {
            level.ToTable("authority_levels");
            level.HasKey(l => l.Id);
            level.Property(l => l.Label).HasMaxLength(100);
            level.HasIndex(l => new { l.CompanyId, l.Role }).IsUnique();
        });

        modelBuilder.Entity<CreditLimit>(limit =>
        {
            limit.ToTable("limits");
            limit.HasKey(l => l.Id);
            limit.Property(l => l.Currency).HasMaxLength(3);
            limit.Property(l => l.RiskClass).HasMaxLength(10);
            limit.Property(l => l.Version).IsConcurrencyToken();
            limit.HasIndex(l => new { l.CompanyId, l.CustomerId }).IsUnique();
        });

        modelBuilder.Entity<CreditLimitChange>(change =>
        {
            change.ToTable("limit_changes");
            change.HasKey(c => c.Id);
            change.Property(c => c.PreviousCurrency).HasMaxLength(3);
            change.Property(c => c.Currency).HasMaxLength(3);
            change.Property(c => c.RiskClass).HasMaxLength(10);
            change.Property(c => c.Reason).HasMaxLength(1000);
            change.Property(c => c.RequestedBy).HasMaxLength(256);
            change.Property(c => c.ApprovedBy).HasMaxLength(256);
            change.Property(c => c.ApproverRole).HasMaxLength(40);
            change.HasIndex(c => new { c.CompanyId, c.CustomerId, c.At });
        });

        modelBuilder.Entity<CreditRequest>(request =>
        {
            request.ToTable("requests");
            request.HasKey(r => r.Id);
            request.Property(r => r.Currency).HasMaxLength(3);
            request.Property(r => r.Reason).HasMaxLength(1000);
            request.Property(r => r.RequestedBy).HasMaxLength(256);
            request.Property(r => r.DecidedBy).HasMaxLength(256);
            request.Property(r => r.DecisionComment).HasMaxLength(1000);
            request.Property(r => r.ProcedureProblem).HasMaxLength(100);
            request.Property(r => r.Version).IsConcurrencyToken();
            request.HasIndex(r => new { r.CompanyId, r.CustomerId, r.Status });
            request.HasIndex(r => new { r.CompanyId, r.Status, r.RequestedAt });
        });

        modelBuilder.Entity<CreditAccount>(account =>
        {
            account.ToTable("accounts");
            account.HasKey(a => a.CustomerId);
            account.Property(a => a.Currency).HasMaxLength(3);
            account.Property(a => a.BlockedReason).HasMaxLength(500);
            account.HasIndex(a => new { a.CompanyId, a.GroupHeadId });
        });

        modelBuilder.Entity<ExposureLine>(line =>
        {
            line.ToTable("exposure_lines");
            line.HasKey(l => new { l.CustomerId, l.Currency });
            line.Property(l => l.Currency).HasMaxLength(3);
            line.HasIndex(l => new { l.CompanyId, l.GroupHeadId });
        });

        modelBuilder.Entity<AccountAncestor>(ancestor =>
        {
            ancestor.ToTable("account_ancestors");
            ancestor.HasKey(a => new { a.CustomerId, a.AncestorId });
            ancestor.HasIndex(a => new { a.CompanyId, a.AncestorId });
        });

        modelBuilder.Entity<AccountBlockChange>(change =>
        {
            change.ToTable("block_changes");
            change.HasKey(c => c.Id);
            change.Property(c => c.Reason).HasMaxLength(500);
            change.Property(c => c.By).HasMaxLength(256);
            change.HasIndex(c => new { c.CompanyId, c.CustomerId, c.At });
        });

        modelBuilder.Entity<OpenOrder>(order =>
        {
            order.ToTable("open_orders");
            order.HasKey(o => o.Id);
            order.Property(o => o.Reference).HasMaxLength(100);
            order.Property(o => o.Currency).HasMaxLength(3);
            order.Property(o => o.UpdatedBy).HasMaxLength(256);
            order.HasIndex(o => new { o.CompanyId, o.Reference }).IsUnique();
            order.HasIndex(o => new { o.CompanyId, o.CustomerId, o.Status });
        });

        modelBuilder.Entity<OrderCheck>(check =>
        {
            check.ToTable("order_checks");
            check.HasKey(c => c.Id);
            check.Property(c => c.OrderReference).HasMaxLength(100);
            check.Property(c => c.Currency).HasMaxLength(3);
            check.Property(c => c.Reasons).HasMaxLength(200);
            check.Property(c => c.LimitCurrency).HasMaxLength(3);
            check.Property(c => c.CheckedBy).HasMaxLength(256);
            check.Property(c => c.ReleasedBy).HasMaxLength(256);
            check.Property(c => c.ReleaseReason).HasMaxLength(500);
            check.HasIndex(c => new { c.CompanyId, c.CheckedAt });
            check.HasIndex(c => new { c.CompanyId, c.CustomerId, c.CheckedAt });
        });

        modelBuilder.Entity<FinancialStatement>(statement =>
        {
            statement.ToTable("financial_statements");
            statement.HasKey(s => s.Id);
            statement.Property(s => s.Currency).HasMaxLength(3);
            statement.Property(s => s.Source).HasMaxLength(40);
            statement.Property(s => s.RecordedBy).HasMaxLength(256);
            statement.HasIndex(s => new { s.CompanyId, s.CustomerId, s.PeriodEnd }).IsUnique();
        });

        modelBuilder.Entity<PaymentIncident>(incident =>
        {
            incident.ToTable("payment_incidents");
            incident.HasKey(i => i.Id);
            incident.Property(i => i.Currency).HasMaxLength(3);
            incident.HasIndex(i => new { i.CompanyId, i.CustomerId, i.OccurredOn });
        });

        modelBuilder.Entity<CreditDailyCheck>(check =>
        {
            check.ToTable("daily_checks");
            check.HasKey(c => c.CompanyId);
        });
    }
}
