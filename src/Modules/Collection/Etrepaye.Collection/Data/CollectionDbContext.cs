using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Domain;
using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Etrepaye.Collection.Data;

internal sealed class CollectionDbContext(DbContextOptions<CollectionDbContext> options)
    : ModuleDbContext(options)
{
    public const string SchemaName = "collection";

    public override string Schema => SchemaName;

    public DbSet<Agency> Agencies => Set<Agency>();

    public DbSet<AgencyApiKey> AgencyApiKeys => Set<AgencyApiKey>();

    public DbSet<AgencyCase> AgencyCases => Set<AgencyCase>();

    public DbSet<AgencyCaseItem> AgencyCaseItems => Set<AgencyCaseItem>();

    public DbSet<AgencyCaseDocument> AgencyCaseDocuments => Set<AgencyCaseDocument>();

    public DbSet<AgencyCaseEntry> AgencyCaseEntries => Set<AgencyCaseEntry>();

    public DbSet<AgencyCollection> AgencyCollections => Set<AgencyCollection>();

    public DbSet<AgencyDirectPayment> AgencyDirectPayments => Set<AgencyDirectPayment>();

    public DbSet<CollectionCase> Cases => Set<CollectionCase>();

    public DbSet<CaseItem> CaseItems => Set<CaseItem>();

    public DbSet<PromiseToPay> Promises => Set<PromiseToPay>();

    public DbSet<PaymentPlan> PaymentPlans => Set<PaymentPlan>();

    public DbSet<PaymentPlanInstalment> Instalments => Set<PaymentPlanInstalment>();

    public DbSet<CaseAction> CaseActions => Set<CaseAction>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<MessageAttachment> Attachments => Set<MessageAttachment>();

    public DbSet<MessageTemplate> Templates => Set<MessageTemplate>();

    public DbSet<ReferenceRate> ReferenceRates => Set<ReferenceRate>();

    public DbSet<PreDueWatch> PreDueWatches => Set<PreDueWatch>();

    public DbSet<CaseLink> CaseLinks => Set<CaseLink>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        AgenciesModel.Configure(modelBuilder);

        modelBuilder.Entity<CollectionCase>(c =>
        {
            c.ToTable("cases");
            c.HasKey(x => x.Id);
            c.Property(x => x.CustomerReference).HasMaxLength(100);
            c.Property(x => x.CustomerName).HasMaxLength(300);
            c.Property(x => x.CloseReason).HasMaxLength(40);
            c.Property(x => x.ProcedureError).HasMaxLength(500);
            c.Property(x => x.LeaderReference).HasMaxLength(100);
            c.Property(x => x.Currency).HasMaxLength(3);
            c.Property(x => x.Version).IsConcurrencyToken();
            c.HasIndex(x => new { x.CompanyId, x.CustomerId, x.Status });
            c.HasIndex(x => new { x.CompanyId, x.Status, x.LeaderDueDate });
        });

        modelBuilder.Entity<CaseItem>(i =>
        {
            i.ToTable("case_items");
            i.HasKey(x => x.Id);
            i.Property(x => x.Type).HasMaxLength(40);
            i.Property(x => x.Reference).HasMaxLength(100);
            i.Property(x => x.Currency).HasMaxLength(3);
            i.HasIndex(x => new { x.CompanyId, x.CaseId });
        });

        modelBuilder.Entity<PromiseToPay>(p =>
        {
            p.ToTable("promises");
            p.HasKey(x => x.Id);
            p.Property(x => x.Currency).HasMaxLength(3);
            p.Property(x => x.Note).HasMaxLength(1000);
            p.Property(x => x.RecordedBy).HasMaxLength(256);
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasIndex(x => new { x.CompanyId, x.CaseId });
            p.HasIndex(x => new { x.CompanyId, x.CustomerId, x.Status });
        });

        modelBuilder.Entity<PaymentPlan>(p =>
        {
            p.ToTable("payment_plans");
            p.HasKey(x => x.Id);
            p.Property(x => x.Currency).HasMaxLength(3);
            p.Property(x => x.Status).HasMaxLength(40);
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasIndex(x => new { x.CompanyId, x.CaseId });
        });

        modelBuilder.Entity<PaymentPlanInstalment>(i =>
        {
            i.ToTable("payment_plan_instalments");
            i.HasKey(x => x.Id);
            i.Property(x => x.Status).HasMaxLength(40);
            i.HasIndex(x => new { x.CompanyId, x.PlanId });
        });

        modelBuilder.Entity<CaseLink>(l =>
        {
            l.ToTable("case_links");
            l.HasKey(x => x.Id);
            l.Property(x => x.RecipientEmail).HasMaxLength(320);
            l.Property(x => x.Question).HasMaxLength(4000);
            l.Property(x => x.TokenHash).HasMaxLength(64).IsRedactedInAudit();
            l.Property(x => x.Link).HasMaxLength(1000).IsRedactedInAudit();
            l.Property(x => x.CreatedBy).HasMaxLength(256);
            l.Property(x => x.AnsweredBy).HasMaxLength(200);
            l.Property(x => x.Answer).HasMaxLength(4000);
            l.Property(x => x.RevokedBy).HasMaxLength(256);
            l.Property(x => x.Version).IsConcurrencyToken();
            l.HasIndex(x => x.TokenHash).IsUnique();
            l.HasIndex(x => new { x.CompanyId, x.CaseId });
        });

        modelBuilder.Entity<PreDueWatch>(w =>
        {
            w.ToTable("pre_due_watches");
            w.HasKey(x => x.Id);
            w.Property(x => x.Status).HasMaxLength(40);
            w.HasIndex(x => new { x.Status, x.OpenOn });
        });

        modelBuilder.Entity<CaseAction>(a =>
        {
            a.ToTable("case_actions");
            a.HasKey(x => x.Id);
            a.Property(x => x.Kind).HasMaxLength(40);
            a.Property(x => x.Detail).HasMaxLength(1000);
            a.Property(x => x.By).HasMaxLength(256);
            a.HasIndex(x => new { x.CompanyId, x.CaseId });
        });

        modelBuilder.Entity<Message>(m =>
        {
            m.ToTable("messages");
            m.HasKey(x => x.Id);
            m.Property(x => x.IdempotencyKey).HasMaxLength(300);
            m.Property(x => x.Kind).HasMaxLength(40);
            m.Property(x => x.Source).HasMaxLength(300);
            m.Property(x => x.Language).HasMaxLength(10);
            m.Property(x => x.Recipient).HasMaxLength(320);
            m.Property(x => x.Subject).HasMaxLength(500);
            m.Property(x => x.ItemIds)
                .HasConversion(
                    ids => string.Join(',', ids),
                    text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList(),
                    new ValueComparer<IReadOnlyList<Guid>>((left, right) => left!.SequenceEqual(right!), ids => ids.Aggregate(17, HashCode.Combine), ids => ids.ToList()));
            m.Property(x => x.Currency).HasMaxLength(3);
            m.Property(x => x.StatusReason).HasMaxLength(1000);
            m.Property(x => x.LeaseOwner).HasMaxLength(200);
            m.Property(x => x.ExternalId).HasMaxLength(500);
            m.Property(x => x.CreatedBy).HasMaxLength(256);
            m.Property(x => x.Version).IsConcurrencyToken();
            m.HasIndex(x => x.IdempotencyKey).IsUnique();
            m.HasIndex(x => new { x.Status, x.NextAttemptAt });
            m.HasIndex(x => new { x.CompanyId, x.CaseId });
        });

        modelBuilder.Entity<MessageAttachment>(a =>
        {
            a.ToTable("message_attachments");
            a.HasKey(x => x.Id);
            a.Property(x => x.FileName).HasMaxLength(260);
            a.Property(x => x.ContentType).HasMaxLength(100);
            a.HasIndex(x => new { x.CompanyId, x.MessageId });
        });

        modelBuilder.Entity<MessageTemplate>(t =>
        {
            t.ToTable("message_templates");
            t.HasKey(x => x.Id);
            t.Property(x => x.Kind).HasMaxLength(40);
            t.Property(x => x.Language).HasMaxLength(10);
            t.Property(x => x.Subject).HasMaxLength(500);
            t.Property(x => x.UpdatedBy).HasMaxLength(256);
            t.Property(x => x.Version).IsConcurrencyToken();
            t.HasIndex(x => new { x.CompanyId, x.Kind, x.Channel, x.Level, x.Language }).IsUnique();
        });

        modelBuilder.Entity<ReferenceRate>(r =>
        {
            r.ToTable("reference_rates");
            r.HasKey(x => x.Id);
            r.Property(x => x.Source).HasMaxLength(200);
            r.HasIndex(x => new { x.Kind, x.EffectiveFrom });
        });
    }
}
