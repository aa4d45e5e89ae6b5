using Etrepaye.Disputes.Data;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Disputes;

/// <summary>Disputes on invoices: registration, routing, resolution.</summary>
public static class DisputesModule
{
    public static IServiceCollection AddDisputesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<DisputesDbContext>(DisputesDbContext.SchemaName);
        services.AddMediationFrom(typeof(DisputesModule).Assembly);
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.Disputes.Contracts"));
        return services;
    }

    public static IEndpointRouteBuilder MapDisputesEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
