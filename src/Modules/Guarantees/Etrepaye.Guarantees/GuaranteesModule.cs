using Etrepaye.Guarantees.Checks;
using Etrepaye.Guarantees.Contracts;
using Etrepaye.Guarantees.Cover;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Documents;
using Etrepaye.Guarantees.Effects;
using Etrepaye.Guarantees.Features.ActivateGuarantee;
using Etrepaye.Guarantees.Features.CallGuarantee;
using Etrepaye.Guarantees.Features.CompleteInsurerDuty;
using Etrepaye.Guarantees.Features.CreateGuarantee;
using Etrepaye.Guarantees.Features.CreateInsurerDuty;
using Etrepaye.Guarantees.Features.CreatePolicy;
using Etrepaye.Guarantees.Features.DecideInsuredLimit;
using Etrepaye.Guarantees.Features.GetCover;
using Etrepaye.Guarantees.Features.GetGuarantee;
using Etrepaye.Guarantees.Features.GetGuaranteeDocument;
using Etrepaye.Guarantees.Features.GetInsuredLimit;
using Etrepaye.Guarantees.Features.ListGuarantees;
using Etrepaye.Guarantees.Features.ListInsurerDuties;
using Etrepaye.Guarantees.Features.ListPolicies;
using Etrepaye.Guarantees.Features.RecordCallReceipt;
using Etrepaye.Guarantees.Features.ReleaseGuarantee;
using Etrepaye.Guarantees.Features.Reports;
using Etrepaye.Guarantees.Features.RequestInsuredLimit;
using Etrepaye.Guarantees.Features.UploadGuaranteeDocument;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Guarantees;

/// <summary>Bank guarantees, letters of credit, parent guarantees and credit insurance.</summary>
public static class GuaranteesModule
{
    /// <summary>Who may record guarantees, documents, receipts and duties: everyone but Consultants and Viewers.</summary>
    internal static readonly CompanyRole[] WriterRoles = [CompanyRole.Administrator, CompanyRole.CreditManager, CompanyRole.Operator];

    /// <summary>Who may commit the company towards an issuer or an insurer: call or release a guarantee, set up policies and limits.</summary>
    internal static readonly CompanyRole[] ManagerRoles = [CompanyRole.Administrator, CompanyRole.CreditManager];

    public static IServiceCollection AddGuaranteesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<GuaranteesDbContext>(GuaranteesDbContext.SchemaName);
        services.AddMediationFrom(typeof(GuaranteesModule).Assembly);
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.Guarantees.Contracts"));
        services.Configure<GuaranteesOptions>(configuration.GetSection(GuaranteesOptions.SectionName));
        services.Configure<GuaranteeDocumentOptions>(configuration.GetSection(GuaranteeDocumentOptions.SectionName));
        services.AddScoped<CoverCalculator>();
        services.AddScoped<IGuaranteeCover, GuaranteeCover>();
        services.AddSingleton<GuaranteeDocumentStore>();
        services.AddSingleton<GuaranteesDailyChecker>();
        services.AddHostedService<GuaranteesDailyCheckWorker>();
        services.AddWorkflowActivitiesFrom<GuaranteesDbContext>();
        services.AddEffectHandler<CallGuaranteeEffectHandler>();
        services.AddEffectHandler<CloseInsurerDutyEffectHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapGuaranteesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var guarantees = endpoints.MapCompanyGroup("guarantees", "Guarantees");
        guarantees.MapCreateGuarantee();
        guarantees.MapListGuarantees();
        guarantees.MapGetGuarantee();
        guarantees.MapActivateGuarantee();
        guarantees.MapReleaseGuarantee();
        guarantees.MapUploadGuaranteeDocument();
        guarantees.MapGetGuaranteeDocument();
        guarantees.MapCallGuarantee();
        guarantees.MapRecordCallReceipt();
        guarantees.MapCreatePolicy();
        guarantees.MapListPolicies();
        guarantees.MapRequestInsuredLimit();
        guarantees.MapDecideInsuredLimit();
        guarantees.MapGetInsuredLimit();
        guarantees.MapCreateInsurerDuty();
        guarantees.MapListInsurerDuties();
        guarantees.MapCompleteInsurerDuty();
        guarantees.MapGetCover();
        guarantees.MapGetCoverReport();
        guarantees.MapGetExpiringReport();
        guarantees.MapGetCallsReport();
        guarantees.MapGetUninsuredExposureReport();
        return endpoints;
    }
}
