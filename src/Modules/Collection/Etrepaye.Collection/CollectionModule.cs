using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Cases;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Effects;
using Etrepaye.Collection.Features.CaseLinks;
using Etrepaye.Collection.Features.Cases;
using Etrepaye.Collection.Features.Interest;
using Etrepaye.Collection.Features.Messages;
using Etrepaye.Collection.Features.Reports;
using Etrepaye.Collection.Features.Templates;
using Etrepaye.Collection.Interest;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Collection;

/// <summary>Collection cases, reminders, calls, promises, payment plans, interest, formal notices and agencies.</summary>
public static class CollectionModule
{
    /// <summary>Who may act on collection: everyone but Consultants and Viewers.</summary>
    internal static readonly CompanyRole[] WriterRoles = [CompanyRole.Administrator, CompanyRole.CreditManager, CompanyRole.Operator];

    /// <summary>Who may change the company's wording and rates.</summary>
    internal static readonly CompanyRole[] ManagerRoles = [CompanyRole.Administrator, CompanyRole.CreditManager];

    public static IServiceCollection AddCollectionModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<CollectionDbContext>(CollectionDbContext.SchemaName);
        services.AddMediationFrom(typeof(CollectionModule).Assembly);
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.Collection.Contracts"));
        services.Configure<CollectionOptions>(configuration.GetSection(CollectionOptions.SectionName));
        services.AddScoped<CaseMaintenance>();
        services.AddScoped<InterestService>();
        services.AddScoped<MessageComposer>();
        services.AddScoped<IMessagePreview, MessagePreview>();
        services.AddScoped<SendTimeCheck>();
        services.AddScoped<CaseLinkOpener>();
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<LetterQueue>();
        services.AddSingleton<ISmsProvider, FileSmsProvider>();
        services.AddSingleton<MessageDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<MessageDispatcher>());
        services.AddSingleton<PreDueCheck>();
        services.AddHostedService(provider => provider.GetRequiredService<PreDueCheck>());
        services.AddWorkflowActivitiesFrom<CollectionDbContext>();
        services.AddEffectHandler<SendMessageEffectHandler>();
        services.AddEffectHandler<ReleaseMessageEffectHandler>();
        services.AddEffectHandler<RecordPromiseEffectHandler>();
        services.AddEffectHandler<CheckPromiseEffectHandler>();
        services.AddEffectHandler<CustomerBlockEffectHandler>();
        services.AddEffectHandler<RecordCallEffectHandler>();
        services.AddEffectHandler<RecordPlanEffectHandler>();
        services.AddEffectHandler<CheckInstalmentEffectHandler>();
        services.AddAgencies(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapCollectionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var collection = endpoints.MapCompanyGroup("collection", "Collection");
        collection.MapListCases();
        collection.MapGetCase();
        collection.MapComputeInterest();
        collection.MapReferenceRates();
        collection.MapListMessages();
        collection.MapGetMessage();
        collection.MapRecordBounce();
        collection.MapMessageTemplates();
        collection.MapGetPromiseReport();
        collection.MapCaseLinks();
        endpoints.MapReadCaseByLink();
        endpoints.MapAnswerCaseByLink();
        return endpoints.MapAgenciesEndpoints();
    }
}
