using Etrepaye.Access.Contracts;
using Etrepaye.Procedures.Assignment;
using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Features.BacktestProcedure;
using Etrepaye.Procedures.Features.CloneProcedure;
using Etrepaye.Procedures.Features.CopyToCompany;
using Etrepaye.Procedures.Features.CreateAssignmentRule;
using Etrepaye.Procedures.Features.CreateFromLibrary;
using Etrepaye.Procedures.Features.CreateFromTemplate;
using Etrepaye.Procedures.Features.DeleteAssignmentRule;
using Etrepaye.Procedures.Features.DeleteDraft;
using Etrepaye.Procedures.Features.DeleteLibraryTemplate;
using Etrepaye.Procedures.Features.DiffVersions;
using Etrepaye.Procedures.Features.ExportProcedure;
using Etrepaye.Procedures.Features.GetProcedure;
using Etrepaye.Procedures.Features.GetProcedureDocument;
using Etrepaye.Procedures.Features.GetVersion;
using Etrepaye.Procedures.Features.ImportProcedure;
using Etrepaye.Procedures.Features.Instances;
using Etrepaye.Procedures.Features.ListActivityDescriptors;
using Etrepaye.Procedures.Features.ListAssignmentRules;
using Etrepaye.Procedures.Features.ListDefaultProcedures;
using Etrepaye.Procedures.Features.ListLibrary;
using Etrepaye.Procedures.Features.ListProcedures;
using Etrepaye.Procedures.Features.ListTemplates;
using Etrepaye.Procedures.Features.ListVersions;
using Etrepaye.Procedures.Features.PreviewAssignmentRule;
using Etrepaye.Procedures.Features.PublishProcedure;
using Etrepaye.Procedures.Features.ReorderAssignmentRules;
using Etrepaye.Procedures.Features.ResolveAssignment;
using Etrepaye.Procedures.Features.RetractProcedure;
using Etrepaye.Procedures.Features.RollbackProcedure;
using Etrepaye.Procedures.Features.SaveDraft;
using Etrepaye.Procedures.Features.SaveToLibrary;
using Etrepaye.Procedures.Features.SetDefaultProcedure;
using Etrepaye.Procedures.Features.SimulateProcedure;
using Etrepaye.Procedures.Features.Tasks;
using Etrepaye.Procedures.Features.UpdateAssignmentRule;
using Etrepaye.Procedures.Setup;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Procedures;

/// <summary>Company credit procedures: catalog, lifecycle and versions, assignment, simulation and the written procedure.</summary>
public static class ProceduresModule
{
    /// <summary>Who edits drafts (create, import, clone, save, delete a draft).</summary>
    internal static readonly CompanyRole[] EditorRoles = [CompanyRole.Administrator, CompanyRole.CreditManager, CompanyRole.Consultant];

    /// <summary>Who decides what runs: publish, retract, roll back, assignment rules and defaults.</summary>
    internal static readonly CompanyRole[] PublisherRoles = [CompanyRole.Administrator, CompanyRole.CreditManager];

    /// <summary>Who may carry procedures between companies and into a personal library.</summary>
    internal static readonly CompanyRole[] DesignerRoles = [CompanyRole.CreditManager, CompanyRole.Consultant];

    public static IServiceCollection AddProceduresModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<ProceduresDbContext>(ProceduresDbContext.SchemaName);
        services.AddMediationFrom(typeof(ProceduresModule).Assembly);
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.Procedures.Contracts"));
        services.AddSingleton<TemplateLibrary>();
        services.AddScoped<DefinitionChecker>();
        services.AddScoped<AssignmentResolver>();
        services.AddScoped<IProcedureStarter, ProcedureStarter>();
        services.AddScoped<ProceduresDemo>();
        services.AddScoped<Features.Instances.InstanceNames>();
        AddDefinitionProvider(services);
        AddCalendarProvider(services);
        services.AddSingleton<ICompanyToday, CompanyToday>();
        services.AddSingleton<InboxTotals>();
        services.AddSingleton<InboxRescores>();
        return services;
    }

    /// <summary>Demo mode: the demo company's collection procedure, published and made the default for collection cases.</summary>
    public static async Task SeedDemoAsync(IServiceProvider services, Guid companyId, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "demo");
        await scope.ServiceProvider.GetRequiredService<ProceduresDemo>().SeedAsync(cancellationToken);
    }

    public static IEndpointRouteBuilder MapProceduresEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var procedures = endpoints.MapCompanyGroup("procedures", "Procedures");
        procedures.MapListTemplates();
        procedures.MapListProcedures();
        procedures.MapGetProcedure();
        procedures.MapCreateFromTemplate();
        procedures.MapImportProcedure();
        procedures.MapCloneProcedure();
        procedures.MapExportProcedure();
        procedures.MapSaveDraft();
        procedures.MapDeleteDraft();
        procedures.MapPublishProcedure();
        procedures.MapRetractProcedure();
        procedures.MapRollbackProcedure();
        procedures.MapListVersions();
        procedures.MapGetVersion();
        procedures.MapDiffVersions();
        procedures.MapListAssignmentRules();
        procedures.MapCreateAssignmentRule();
        procedures.MapUpdateAssignmentRule();
        procedures.MapDeleteAssignmentRule();
        procedures.MapReorderAssignmentRules();
        procedures.MapPreviewAssignmentRule();
        procedures.MapListDefaultProcedures();
        procedures.MapSetDefaultProcedure();
        procedures.MapResolveAssignment();
        procedures.MapSimulateProcedure();
        procedures.MapBacktestProcedure();
        procedures.MapGetProcedureDocument();
        procedures.MapSaveToLibrary();
        procedures.MapCreateFromLibrary();
        procedures.MapCopyToCompany();
        endpoints.MapListLibrary();
        endpoints.MapDeleteLibraryTemplate();
        endpoints.MapListActivityDescriptors();
        endpoints.MapProcedureRuntimeEndpoints();
        return endpoints;
    }

    // The engine registers its file-based provider with TryAdd: this one replaces it and falls back to it, whichever
    // registration comes first.
    private static void AddDefinitionProvider(IServiceCollection services)
    {
        var engines = services.Where(d => d.ServiceType == typeof(IWorkflowDefinitionProvider)).ToList();
        foreach (var engine in engines)
        {
            services.Remove(engine);
        }

        var files = engines.LastOrDefault();
        services.AddSingleton(provider => new ProcedureDefinitionProvider(
            provider.GetRequiredService<IServiceScopeFactory>(),
            files switch
            {
                { ImplementationInstance: IWorkflowDefinitionProvider instance } => instance,
                { ImplementationFactory: { } factory } => (IWorkflowDefinitionProvider)factory(provider),
                { ImplementationType: { } type } => (IWorkflowDefinitionProvider)ActivatorUtilities.CreateInstance(provider, type),
                _ => new InMemoryDefinitionProvider(),
            }));
        services.AddSingleton<IWorkflowDefinitionProvider>(provider => provider.GetRequiredService<ProcedureDefinitionProvider>());
    }

    // Like the definitions: the engine's shared calendars (TryAdd) stay behind the company-aware provider, whichever
    // registration comes first.
    private static void AddCalendarProvider(IServiceCollection services)
    {
        var engines = services.Where(d => d.ServiceType == typeof(ICalendarProvider)).ToList();
        foreach (var engine in engines)
        {
            services.Remove(engine);
        }

        var shared = engines.LastOrDefault();
        services.AddSingleton<ICalendarProvider>(provider => new CompanyCalendarProvider(
            shared switch
            {
                { ImplementationInstance: ICalendarProvider instance } => instance,
                { ImplementationFactory: { } factory } => (ICalendarProvider)factory(provider),
                { ImplementationType: { } type } => (ICalendarProvider)ActivatorUtilities.CreateInstance(provider, type),
                _ => new CalendarRegistry(BusinessCalendar.France()).Add(BusinessCalendar.WeekdaysOnly()),
            },
            provider.GetRequiredService<ICompanyClock>()));
    }
}
