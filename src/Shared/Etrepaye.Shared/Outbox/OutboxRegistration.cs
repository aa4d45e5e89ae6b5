using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Etrepaye.Shared.Outbox;

public static class OutboxRegistration
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.SectionName));
        services.TryAddSingleton<OutboxSignal>();
        GetOrAddEventTypes(services);
        services.TryAddSingleton<OutboxDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        return services;
    }

    /// <summary>Makes a module's Contracts events known to the dispatcher.</summary>
    public static IServiceCollection AddIntegrationEventsFrom(this IServiceCollection services, Assembly contractsAssembly)
    {
        GetOrAddEventTypes(services).AddFrom(contractsAssembly);
        return services;
    }

    private static IntegrationEventTypes GetOrAddEventTypes(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(IntegrationEventTypes))?.ImplementationInstance is IntegrationEventTypes existing)
        {
            return existing;
        }

        var types = new IntegrationEventTypes();
        services.AddSingleton(types);
        return types;
    }
}
