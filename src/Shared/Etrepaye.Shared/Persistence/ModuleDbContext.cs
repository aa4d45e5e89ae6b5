using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Serialization;
using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Etrepaye.Shared.Persistence;

/// <summary>
/// The base of every module's DbContext: the module's schema (a table prefix on SQLite), snake_case names,
/// the company filter on every <see cref="ICompanyOwned"/> row, the outbox, the inbox and the audit log,
/// all written by the same SaveChanges. Contexts are pooled: each one is bound to its scope's caller and clock when the
/// scope rents it (<see cref="BindToScope"/>), so nothing of one request survives into the next.
/// </summary>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    internal const string RedactedInAuditAnnotation = "Etrepaye:RedactedInAudit";

    private static readonly JsonSerializerOptions _eventJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private RequestContext? _requestContext;
    private TimeProvider? _timeProvider;

    /// <summary>The module's schema name, e.g. "receivables".</summary>
    public abstract string Schema { get; }

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Read by the company query filter on every query.</summary>
    public Guid CurrentCompanyId => RequestContext.CompanyId;

    /// <summary>The use case in progress, written into audit entries (set by the unit of work).</summary>
    public string? CurrentAction { get; set; }

    public bool IsSqlite => Database.IsSqlite();

    protected RequestContext RequestContext => _requestContext ?? throw NotBound();

    protected TimeProvider TimeProvider => _timeProvider ?? throw NotBound();

    /// <summary>Whether <see cref="Publish{TEvent}"/> was called on this context: only then is the outbox worth waking.</summary>
    public bool HasPublishedEvents { get; private set; }

    /// <summary>Binds a context rented from the pool to the scope that rents it, and clears what its last scope left.</summary>
    internal void BindToScope(RequestContext requestContext, TimeProvider timeProvider)
    {
        _requestContext = requestContext;
        _timeProvider = timeProvider;
        CurrentAction = null;
        HasPublishedEvents = false;
    }

    private static InvalidOperationException NotBound() =>
        new("This context was not rented through its scope: resolve it from the service provider, not from the pool's factory.");

    /// <summary>The outbox payload of an event: the JSON consumers read, for bulk paths that write outbox rows themselves.</summary>
    public static string EventPayload<TEvent>(TEvent integrationEvent)
        where TEvent : IIntegrationEvent => JsonSerializer.Serialize(integrationEvent, _eventJson);

    /// <summary>Writes an integration event to this module's outbox; it is saved with the change that caused it.</summary>
    public void Publish<TEvent>(TEvent integrationEvent)
        where TEvent : IIntegrationEvent
    {
        HasPublishedEvents = true;
        OutboxMessages.Add(new OutboxMessage
        {
            Id = Ids.New(TimeProvider),
            CompanyId = integrationEvent.CompanyId,
            EventType = typeof(TEvent).FullName!,
            Payload = EventPayload(integrationEvent),
            OccurredAt = TimeProvider.GetUtcNow(),
            CorrelationId = RequestContext.CorrelationId,
        });
    }

    /// <summary>
    /// Inserts new audited rows without change tracking, for bulk paths: the rows and the audit entries SaveChanges would write for
    /// them go through the <see cref="BulkWriter"/>, in the current transaction.
    /// </summary>
    public async Task InsertAuditedAsync<TRow>(IReadOnlyCollection<TRow> rows, CancellationToken cancellationToken)
        where TRow : class, IAudited
    {
        if (rows.Count == 0)
        {
            return;
        }

        var now = TimeProvider.GetUtcNow();
        var audit = new List<AuditEntry>(rows.Count);
        foreach (var row in rows)
        {
            if (row is ICompanyOwned owned && RequestContext.HasCompany && owned.CompanyId != RequestContext.CompanyId)
            {
                throw new InvalidOperationException($"A {typeof(TRow).Name} of another company cannot be written in the scope of company {RequestContext.CompanyId}.");
            }

            var entry = Entry(row);
            entry.State = EntityState.Added;
            audit.Add(ToAuditEntry(entry, now));
            entry.State = EntityState.Detached;
        }

        await new BulkWriter(this).Insert(rows).Insert(audit).ExecuteAsync(cancellationToken);
    }

    /// <summary>The module's own entities, configured with table names without prefix or schema.</summary>
    protected abstract void ConfigureModule(ModelBuilder modelBuilder);

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureModule(modelBuilder);
        InfrastructureTables.Configure(modelBuilder);
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(t => typeof(ICompanyOwned).IsAssignableFrom(t.ClrType)))
        {
            var row = Expression.Parameter(entityType.ClrType, "row");
            var filter = Expression.Lambda(
                Expression.Equal(
                    Expression.Property(row, nameof(ICompanyOwned.CompanyId)),
                    Expression.Property(Expression.Constant(this), nameof(CurrentCompanyId))),
                row);
            modelBuilder.Entity(entityType.ClrType).HasQueryFilter(filter);
        }

        ModelNamingConventions.Apply(modelBuilder, Schema, IsSqlite);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HavePrecision(19, 4);
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        if (Database.IsSqlite())
        {
            // SQLite has no instant type: UTC ticks in an INTEGER keep ordering and comparisons in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BeforeSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BeforeSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void BeforeSave()
    {
        ChangeTracker.DetectChanges();
        var now = TimeProvider.GetUtcNow();
        var audit = new List<AuditEntry>();
        foreach (var entry in ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            if (entry.Entity is ICompanyOwned owned && RequestContext.HasCompany && owned.CompanyId != RequestContext.CompanyId)
            {
                throw new InvalidOperationException(
                    $"A {entry.Metadata.ClrType.Name} of another company cannot be written in the scope of company {RequestContext.CompanyId}.");
            }

            if (entry is { State: EntityState.Modified, Entity: IVersioned versioned })
            {
                versioned.Version++;
            }

            if (entry.Entity is IAudited)
            {
                audit.Add(ToAuditEntry(entry, now));
            }
        }

        AuditEntries.AddRange(audit);
    }

    private AuditEntry ToAuditEntry(EntityEntry entry, DateTimeOffset now)
    {
        var properties = entry.Properties.Where(p => p.Metadata.FindAnnotation(RedactedInAuditAnnotation) is null).ToList();
        Dictionary<string, object?>? before = null;
        Dictionary<string, object?>? after = null;
        switch (entry.State)
        {
            case EntityState.Added:
                after = properties.ToDictionary(p => p.Metadata.Name, p => p.CurrentValue);
                break;
            case EntityState.Deleted:
                before = properties.ToDictionary(p => p.Metadata.Name, p => p.OriginalValue);
                break;
            default:
                var changed = properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).ToList();
                before = changed.ToDictionary(p => p.Metadata.Name, p => p.OriginalValue);
                after = changed.ToDictionary(p => p.Metadata.Name, p => p.CurrentValue);
                break;
        }

        var key = entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString());
        var companyId = entry.Entity is ICompanyOwned owned ? owned.CompanyId : RequestContext.CompanyId;
        return new AuditEntry
        {
            Id = Ids.New(TimeProvider),
            CompanyId = companyId,
            At = now,
            ActorId = RequestContext.UserId,
            ActorName = RequestContext.ActorName,
            Action = CurrentAction ?? "System",
            EntityType = entry.Metadata.ClrType.Name,
            EntityId = string.Join("/", key),
            Change = entry.State.ToString(),
            Before = before is null ? null : JsonSerializer.Serialize(before, _eventJson),
            After = after is null ? null : JsonSerializer.Serialize(after, _eventJson),
            CorrelationId = RequestContext.CorrelationId,
        };
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}

public static class AuditPropertyExtensions
{
    /// <summary>Keeps a secret (a hash, a token) out of the audit log's before/after values.</summary>
    public static Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<T> IsRedactedInAudit<T>(
        this Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<T> property) =>
        property.HasAnnotation(ModuleDbContext.RedactedInAuditAnnotation, true);
}
