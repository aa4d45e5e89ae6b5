using Etrepaye.Disputes.Contracts;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Documents;
using Etrepaye.Disputes.Effects;
using Etrepaye.Disputes.Features.AddComment;
using Etrepaye.Disputes.Features.AnswerDisputeByLink;
using Etrepaye.Disputes.Features.CancelDispute;
using Etrepaye.Disputes.Features.ChangeDisputeStatus;
using Etrepaye.Disputes.Features.GetDispute;
using Etrepaye.Disputes.Features.GetDisputeDocument;
using Etrepaye.Disputes.Features.GetDisputesReport;
using Etrepaye.Disputes.Features.ListDisputes;
using Etrepaye.Disputes.Features.ListOutgoingRequests;
using Etrepaye.Disputes.Features.ListReasons;
using Etrepaye.Disputes.Features.OpenDispute;
using Etrepaye.Disputes.Features.ReadDisputeByLink;
using Etrepaye.Disputes.Features.RejectDispute;
using Etrepaye.Disputes.Features.RequestInternalAnswer;
using Etrepaye.Disputes.Features.ResolveDispute;
using Etrepaye.Disputes.Features.RevokeInternalRequest;
using Etrepaye.Disputes.Features.SaveReason;
using Etrepaye.Disputes.Features.UpdateDispute;
using Etrepaye.Disputes.Features.UploadDisputeDocument;
using Etrepaye.Disputes.Support;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Disputes;

/// <summary>Disputes on invoices: registration, routing, resolution.</summary>
public static class DisputesModule
{
    /// <summary>Who may open disputes, comment, attach documents, ask departments: everyone but Consultants and Viewers.</summary>
    internal static readonly CompanyRole[] WriterRoles = [CompanyRole.Administrator, CompanyRole.CreditManager, CompanyRole.Operator];

    /// <summary>Who may decide a dispute (resolve, reject) and set the company's reasons.</summary>
    internal static readonly CompanyRole[] DeciderRoles = [CompanyRole.Administrator, CompanyRole.CreditManager];

    public static IServiceCollection AddDisputesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<DisputesDbContext>(DisputesDbContext.SchemaName);
        services.AddMediationFrom(typeof(DisputesModule).Assembly);
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.Disputes.Contracts"));
        services.Configure<DisputesOptions>(configuration.GetSection(DisputesOptions.SectionName));
        services.Configure<DisputeDocumentOptions>(configuration.GetSection(DisputeDocumentOptions.SectionName));
        services.AddScoped<CompanyCalendar>();
        services.AddScoped<DisputeLinks>();
        services.AddScoped<IDisputedAmounts, DisputedAmounts>();
        services.AddSingleton<DisputeDocumentStore>();
        services.AddWorkflowActivitiesFrom<DisputesDbContext>();
        services.AddEffectHandler<OpenDisputeEffectHandler>();
        services.AddEffectHandler<RouteDisputeEffectHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapDisputesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var disputes = endpoints.MapCompanyGroup("disputes", "Disputes");
        disputes.MapOpenDispute();
        disputes.MapListDisputes();
        disputes.MapGetDispute();
        disputes.MapUpdateDispute();
        disputes.MapChangeDisputeStatus();
        disputes.MapResolveDispute();
        disputes.MapRejectDispute();
        disputes.MapCancelDispute();
        disputes.MapAddComment();
        disputes.MapUploadDisputeDocument();
        disputes.MapGetDisputeDocument();
        disputes.MapRequestInternalAnswer();
        disputes.MapRevokeInternalRequest();
        disputes.MapListOutgoingRequests();
        disputes.MapListReasons();
        disputes.MapSaveReason();
        disputes.MapGetDisputesReport();
        endpoints.MapReadDisputeByLink();
        endpoints.MapAnswerDisputeByLink();
        return endpoints;
    }
}
