using Etrepaye.Access.Domain;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Etrepaye.Access.Data;

internal sealed class AccessDbContext(DbContextOptions<AccessDbContext> options)
    : ModuleDbContext(options), IDataProtectionKeyContext
{
    public const string SchemaName = "access";

    public override string Schema => SchemaName;

    public DbSet<Company> Companies => Set<Company>();

    public DbSet<LegalEntity> LegalEntities => Set<LegalEntity>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<ClosedDay> ClosedDays => Set<ClosedDay>();

    /// <summary>The key ring that protects session cookies and bearer tokens, shared by every host process.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Company>(company =>
        {
            company.ToTable("companies");
            company.HasKey(c => c.Id);
            company.Property(c => c.Name).HasMaxLength(200);
            company.Property(c => c.Country).HasMaxLength(2);
            company.Property(c => c.Currency).HasMaxLength(3);
            company.Property(c => c.TimeZone).HasMaxLength(64);
            company.Property(c => c.Language).HasMaxLength(8);
            company.Property(c => c.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<ClosedDay>(day =>
        {
            day.ToTable("closed_days");
            day.HasKey(d => d.Id);
            day.Property(d => d.Label).HasMaxLength(100);
            day.HasIndex(d => d.CompanyId);
            day.HasOne<Company>().WithMany().HasForeignKey(d => d.CompanyId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<LegalEntity>(entity =>
        {
            entity.ToTable("legal_entities");
            entity.HasKey(e => e.Id);
            entity.Property(e => e.Code).HasMaxLength(40);
            entity.Property(e => e.Name).HasMaxLength(200);
            entity.Property(e => e.Siren).HasMaxLength(9);
            entity.Property(e => e.VatNumber).HasMaxLength(20);
            entity.Property(e => e.ShareCapitalCurrency).HasMaxLength(3);
            entity.Property(e => e.Address).HasMaxLength(500);
            entity.Property(e => e.Version).IsConcurrencyToken();
            entity.HasIndex(e => new { e.CompanyId, e.Code }).IsUnique();
            entity.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        });

        ConfigureIdentity(modelBuilder);

        modelBuilder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("data_protection_keys");
            key.HasKey(k => k.Id);
        });

        modelBuilder.Entity<Membership>(membership =>
        {
            membership.ToTable("memberships");
            membership.HasKey(m => m.Id);
            membership.Property(m => m.Roles)
                .HasConversion(
                    roles => string.Join(',', roles.Order()),
                    text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<CompanyRole>).ToHashSet(),
                    new ValueComparer<HashSet<CompanyRole>>(
                        (left, right) => left!.SetEquals(right!),
                        roles => roles.Aggregate(0, (hash, role) => hash ^ role.GetHashCode()),
                        roles => roles.ToHashSet()))
                .HasMaxLength(200);
            membership.Property(m => m.Version).IsConcurrencyToken();
            membership.HasIndex(m => new { m.CompanyId, m.UserId }).IsUnique();
            membership.HasIndex(m => m.UserId);
            membership.HasOne<Company>().WithMany().HasForeignKey(m => m.CompanyId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ApiKey>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.SecretHash).HasMaxLength(64).IsRedactedInAudit();
            key.Property(k => k.CreatedBy).HasMaxLength(256);
            key.HasIndex(k => k.CompanyId);
            key.HasOne<Company>().WithMany().HasForeignKey(k => k.CompanyId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    /// <summary>The ASP.NET Core Identity user store's tables (users, claims, logins, tokens), as IdentityUserContext maps them.</summary>
    private static void ConfigureIdentity(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.HasIndex(u => u.NormalizedUserName).IsUnique();
            user.HasIndex(u => u.NormalizedEmail);
            user.Property(u => u.ConcurrencyStamp).IsConcurrencyToken().HasMaxLength(64);
            user.Property(u => u.UserName).HasMaxLength(256);
            user.Property(u => u.NormalizedUserName).HasMaxLength(256);
            user.Property(u => u.Email).HasMaxLength(256);
            user.Property(u => u.NormalizedEmail).HasMaxLength(256);
            user.Property(u => u.PasswordHash).HasMaxLength(256).IsRedactedInAudit();
            user.Property(u => u.SecurityStamp).HasMaxLength(64).IsRedactedInAudit();
            user.Property(u => u.PhoneNumber).HasMaxLength(32);
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.Property(u => u.Language).HasMaxLength(8);
            user.HasMany<IdentityUserClaim<Guid>>().WithOne().HasForeignKey(c => c.UserId).IsRequired();
            user.HasMany<IdentityUserLogin<Guid>>().WithOne().HasForeignKey(l => l.UserId).IsRequired();
            user.HasMany<IdentityUserToken<Guid>>().WithOne().HasForeignKey(t => t.UserId).IsRequired();
        });
        modelBuilder.Entity<IdentityUserClaim<Guid>>(claim =>
        {
            claim.ToTable("user_claims");
            claim.HasKey(c => c.Id);
            claim.Property(c => c.ClaimType).HasMaxLength(256);
            claim.Property(c => c.ClaimValue).HasMaxLength(1024);
        });
        modelBuilder.Entity<IdentityUserLogin<Guid>>(login =>
        {
            login.ToTable("user_logins");
            login.HasKey(l => new { l.LoginProvider, l.ProviderKey });
            login.Property(l => l.LoginProvider).HasMaxLength(128);
            login.Property(l => l.ProviderKey).HasMaxLength(128);
            login.Property(l => l.ProviderDisplayName).HasMaxLength(256);
        });
        modelBuilder.Entity<IdentityUserToken<Guid>>(token =>
        {
            token.ToTable("user_tokens");
            token.HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
            token.Property(t => t.LoginProvider).HasMaxLength(128);
            token.Property(t => t.Name).HasMaxLength(128);
            token.Property(t => t.Value).HasMaxLength(1024).IsRedactedInAudit();
        });
    }
}
