using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Etrepaye.Shared.Persistence;

public static class PersistenceRegistration
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <summary>Registers a module's DbContext on the configured provider, with its own schema and migrations history.</summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, string schema)
        where TContext : ModuleDbContext
    {
        var registry = GetOrAddRegistry(services);
        registry.Add(new ModuleDbContextRegistration(typeof(TContext), typeof(TContext).Assembly, schema));
        // Pooled: creating a context costs every request EF's internal service scope and the context's set-up; a pooled one is
        // reset by EF when its scope ends and bound to the next scope's caller and clock when rented. The options are built once.
        services.AddPooledDbContextFactory<TContext>((provider, options) =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            Configure(options, database, schema);
        });
        services.AddScoped(provider =>
        {
            var context = provider.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
            context.BindToScope(provider.GetRequiredService<RequestContext>(), provider.GetRequiredService<TimeProvider>());
            return context;
        });
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions database, string schema)
    {
        var connectionString = database.ResolveConnectionString();
        if (database.IsPostgres)
        {
            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable, schema));
        }
        else
        {
            options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable($"{schema}_{MigrationsHistoryTable}"));
        }

        // Migrations are written by hand (the EF design-time package is not available), so there is no
        // model snapshot to compare with; the schema tests prove the migrated database equals the model instead.
        options.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));
        options.ReplaceService<IModelCacheKeyFactory, ProviderAwareModelCacheKeyFactory>();
    }

    private static ModuleDbContextRegistry GetOrAddRegistry(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(ModuleDbContextRegistry))?.ImplementationInstance;
        if (existing is ModuleDbContextRegistry registry)
        {
            return registry;
        }

        registry = new ModuleDbContextRegistry();
        services.TryAddSingleton(registry);
        services.TryAddScoped<DatabaseMigrator>();
        return registry;
    }

    /// <summary>One model per context type and provider: a process may open SQLite and PostgreSQL contexts side by side.</summary>
    private sealed class ProviderAwareModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), context.Database.ProviderName, designTime);
    }
}
