using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features.GetReceivablesSettings;
using Etrepaye.Receivables.Features.UpdateReceivablesSettings;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Receivables;

/// <summary>The ledger: customers, invoices, payments, imports, aged balance and KPIs.</summary>
public static class ReceivablesModule
{
    public static IServiceCollection AddReceivablesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<ReceivablesDbContext>(ReceivablesDbContext.SchemaName);
        services.AddMediationFrom(typeof(ReceivablesModule).Assembly);
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.Receivables.Contracts"));
        return services;
    }

    public static IEndpointRouteBuilder MapReceivablesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var receivables = endpoints.MapCompanyGroup("receivables", "Receivables");
        receivables.MapGetReceivablesSettings();
        receivables.MapUpdateReceivablesSettings();
        return endpoints;
    }
}
