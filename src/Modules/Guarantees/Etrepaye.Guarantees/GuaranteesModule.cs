using Etrepaye.Guarantees.Data;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Guarantees;

/// <summary>Bank guarantees, letters of credit, parent guarantees and credit insurance.</summary>
public static class GuaranteesModule
{
    public static IServiceCollection AddGuaranteesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<GuaranteesDbContext>(GuaranteesDbContext.SchemaName);
        services.AddMediationFrom(typeof(GuaranteesModule).Assembly);
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.Guarantees.Contracts"));
        return services;
    }

    public static IEndpointRouteBuilder MapGuaranteesEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
