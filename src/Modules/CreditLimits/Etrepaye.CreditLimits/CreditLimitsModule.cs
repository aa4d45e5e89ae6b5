using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Effects;
using Etrepaye.CreditLimits.Exposure;
using Etrepaye.CreditLimits.Features.Alerts;
using Etrepaye.CreditLimits.Features.Blocking;
using Etrepaye.CreditLimits.Features.Exposure;
using Etrepaye.CreditLimits.Features.Limits;
using Etrepaye.CreditLimits.Features.OrderCheck;
using Etrepaye.CreditLimits.Features.Orders;
using Etrepaye.CreditLimits.Features.Requests;
using Etrepaye.CreditLimits.Features.Scoring;
using Etrepaye.CreditLimits.Features.Settings;
using Etrepaye.CreditLimits.Limits;
using Etrepaye.CreditLimits.Requests;
using Etrepaye.CreditLimits.Reviews;
using Etrepaye.CreditLimits.Scoring;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.CreditLimits;

/// <summary>Credit limits, exposure, scoring, approvals and the order check.</summary>
public static class CreditLimitsModule
{
    /// <summary>Who may record orders, statements and requests: everyone but Consultants and Viewers.</summary>
    internal static readonly CompanyRole[] WriterRoles = [CompanyRole.Administrator, CompanyRole.CreditManager, CompanyRole.Operator];

    /// <summary>Who may block, unblock, release a blocked order and rebuild exposure.</summary>
    internal static readonly CompanyRole[] ManagerRoles = [CompanyRole.Administrator, CompanyRole.CreditManager];

    public static IServiceCollection AddCreditLimitsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<CreditLimitsDbContext>(CreditLimitsDbContext.SchemaName);
        services.AddMediationFrom(typeof(CreditLimitsModule).Assembly);
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.CreditLimits.Contracts"));
        services.Configure<CreditLimitsOptions>(configuration.GetSection(CreditLimitsOptions.SectionName));
        services.AddScoped<CreditPolicy>();
        services.AddScoped<ExposureProjector>();
        services.AddScoped<ExposureCalculator>();
        services.AddScoped<ExposureReader>();
        services.AddScoped<ExposureStatistics>();
        services.AddSingleton<OrderCheckRecorder>();
        services.AddScoped<ScoreCalculator>();
        services.AddScoped<LimitWriter>();
        services.AddScoped<CreditRequests>();
        services.AddScoped<RequestProcedures>();
        services.AddSingleton<CreditLimitsDailyChecker>();
        services.AddHostedService<CreditLimitsWorker>();
        services.AddWorkflowActivitiesFrom<CreditLimitsDbContext>();
        services.AddEffectHandler<BlockCustomerEffectHandler>();
        services.AddEffectHandler<UnblockCustomerEffectHandler>();
        services.AddEffectHandler<CreditRequestEffectHandler>();
        services.AddEffectHandler<ReviewRequestEffectHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapCreditLimitsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var credit = endpoints.MapCompanyGroup("credit", "Credit limits");
        credit.MapCheckOrder();
        credit.MapOrderChecks();
        credit.MapCreditSettings();
        credit.MapOrders();
        credit.MapExposure();
        credit.MapCreditRequests();
        credit.MapLimits();
        credit.MapListLimitChanges();
        credit.MapBlocking();
        credit.MapListBlockChanges();
        credit.MapScoring();
        credit.MapAlerts();
        return endpoints;
    }
}
