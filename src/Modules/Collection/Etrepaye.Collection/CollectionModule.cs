using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Etrepaye.Workflows;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Collection;

/// <summary>Collection cases, reminders, calls, promises, payment plans, interest, formal notices and agencies.</summary>
public static class CollectionModule
{
    public static IServiceCollection AddCollectionModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<CollectionDbContext>(CollectionDbContext.SchemaName);
        services.AddMediationFrom(typeof(CollectionModule).Assembly);
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.Collection.Contracts"));
        services.AddWorkflowActivitiesFrom<CollectionDbContext>();
        services.AddAgencies(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapCollectionEndpoints(this IEndpointRouteBuilder endpoints) => endpoints.MapAgenciesEndpoints();
}
