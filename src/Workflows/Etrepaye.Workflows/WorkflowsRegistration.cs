using Etrepaye.Shared.Persistence;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Integration;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Etrepaye.Workflows;

public static class WorkflowsRegistration
{
    /// <summary>
    /// The durable engine: its DbContext (schema <c>workflows</c>), the activity catalog modules add to,
    /// the calendars, the definitions, a <see cref="WorkflowHost"/> per scope over the database store, the
    /// timer worker and the effect dispatcher.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WorkflowEngineOptions>(configuration.GetSection(WorkflowEngineOptions.SectionName));
        services.AddModuleDbContext<WorkflowDbContext>(WorkflowDbContext.SchemaName);
        GetOrAddCatalog(services);
        services.TryAddSingleton<ICalendarProvider>(new CalendarRegistry(BusinessCalendar.France()).Add(BusinessCalendar.WeekdaysOnly()));
        services.TryAddSingleton<IWorkflowDefinitionProvider>(provider => LoadDefinitions(provider.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value));
        services.TryAddSingleton(provider => new WorkflowRuntime(
            provider.GetRequiredService<ActivityCatalog>(),
            provider.GetRequiredService<ICalendarProvider>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddScoped<EfWorkflowStore>();
        services.TryAddScoped<IWorkflowStore>(provider => provider.GetRequiredService<EfWorkflowStore>());
        services.TryAddScoped(provider => new WorkflowHost(
            provider.GetRequiredService<WorkflowRuntime>(),
            provider.GetRequiredService<IWorkflowDefinitionProvider>(),
            provider.GetRequiredService<IWorkflowStore>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<BatchingStimulusPublisher>();
        services.TryAddSingleton<IWorkflowStimulusPublisher>(provider => provider.GetRequiredService<BatchingStimulusPublisher>());
        services.TryAddSingleton<WorkflowTimerWorker>();
        services.TryAddSingleton<WorkflowEffectDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<WorkflowTimerWorker>());
        services.AddHostedService(provider => provider.GetRequiredService<WorkflowEffectDispatcher>());
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.SectionName));
        services.AddHttpClient(WebhookEffectHandler.HttpClientName);
        services.AddEffectHandler<WebhookEffectHandler>();
        return services;
    }

    /// <summary>Adds a module's activities (every concrete activity of its assembly) to the engine's catalog.</summary>
    public static IServiceCollection AddWorkflowActivitiesFrom<TModule>(this IServiceCollection services)
    {
        GetOrAddCatalog(services).AddFrom<TModule>();
        return services;
    }

    public static IServiceCollection AddEffectHandler<THandler>(this IServiceCollection services)
        where THandler : class, IEffectHandler
    {
        services.AddScoped<IEffectHandler, THandler>();
        return services;
    }

    // The catalog is built while services are registered, so modules may add activities before or after the engine.
    private static ActivityCatalog GetOrAddCatalog(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(ActivityCatalog))?.ImplementationInstance is ActivityCatalog existing)
        {
            return existing;
        }

        var catalog = ActivityCatalog.WithBuiltIns();
        services.AddSingleton(catalog);
        return catalog;
    }

    private static InMemoryDefinitionProvider LoadDefinitions(WorkflowEngineOptions options)
    {
        var provider = new InMemoryDefinitionProvider();
        if (options.DefinitionsDirectory is { Length: > 0 } directory && Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                provider.Add(WorkflowDefinitionSerializer.Parse(File.ReadAllText(file)));
            }
        }

        return provider;
    }
}
