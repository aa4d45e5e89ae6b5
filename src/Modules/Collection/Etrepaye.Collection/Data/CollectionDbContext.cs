using Etrepaye.Collection.Agencies;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Data;

internal sealed class CollectionDbContext(DbContextOptions<CollectionDbContext> options, RequestContext requestContext, TimeProvider timeProvider)
    : ModuleDbContext(options, requestContext, timeProvider)
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

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        AgenciesModel.Configure(modelBuilder);
    }
}
