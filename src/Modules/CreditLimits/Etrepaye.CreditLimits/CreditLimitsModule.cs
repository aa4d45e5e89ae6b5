using Etrepaye.CreditLimits.Data;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.CreditLimits;

/// <summary>Credit limits, exposure, scoring, approvals and the order check.</summary>
public static class CreditLimitsModule
{
    public static IServiceCollection AddCreditLimitsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<CreditLimitsDbContext>(CreditLimitsDbContext.SchemaName);
        services.AddMediationFrom(typeof(CreditLimitsModule).Assembly);
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.CreditLimits.Contracts"));
        return services;
    }

    public static IEndpointRouteBuilder MapCreditLimitsEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
