using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Data;

internal sealed class CollectionDbContext(DbContextOptions<CollectionDbContext> options, RequestContext requestContext, TimeProvider timeProvider)
    : ModuleDbContext(options, requestContext, timeProvider)
{
    public const string SchemaName = "collection";

    public override string Schema => SchemaName;

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        // The module's own tables arrive with its issue; the outbox, inbox and audit tables are already here.
    }
}
