using System.Reflection;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Etrepaye.Shared.Mediation;

public static class MediationRegistration
{
    /// <summary>
    /// MediatR 5.1 has no DI extension package that restores here, so handlers, notification handlers
    /// and validators are registered by scanning each module assembly.
    /// </summary>
    public static IServiceCollection AddMediationFrom(this IServiceCollection services, Assembly assembly)
    {
        services.TryAddScoped<ServiceFactory>(provider => provider.GetService!);
        services.TryAddScoped<IMediator, Mediator>();
        if (!services.Any(d => d.ServiceType == typeof(IPipelineBehavior<,>)))
        {
            // Order matters: outermost first.
            services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
            services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
            services.AddScoped(typeof(IPipelineBehavior<,>), typeof(UnitOfWorkBehavior<,>));
        }

        var openInterfaces = new[] { typeof(IRequestHandler<,>), typeof(INotificationHandler<>), typeof(IValidator<>) };
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && openInterfaces.Contains(i.GetGenericTypeDefinition())))
            {
                // A validator builds its rules (expression trees, rule objects) in its constructor: built once per process when it
                // needs nothing from the request's scope (FluentValidation validators are thread-safe once built), not per request.
                var lifetime = contract.GetGenericTypeDefinition() == typeof(IValidator<>) && type.GetConstructor(Type.EmptyTypes) is not null
                    ? ServiceLifetime.Singleton
                    : ServiceLifetime.Scoped;
                services.Add(new ServiceDescriptor(contract, type, lifetime));
            }
        }

        return services;
    }
}
