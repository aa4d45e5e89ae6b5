using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Features.Instances;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Procedures;

/// <summary>Company credit procedures, their versions and instances, and the task inbox.</summary>
public static class ProceduresModule
{
    public static IServiceCollection AddProceduresModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<ProceduresDbContext>(ProceduresDbContext.SchemaName);
        services.AddMediationFrom(typeof(ProceduresModule).Assembly);
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.Procedures.Contracts"));
        return services;
    }

    public static IEndpointRouteBuilder MapProceduresEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapProcedureRuntimeEndpoints();
        return endpoints;
    }
}
