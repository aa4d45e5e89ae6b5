using Etrepaye.Access;
using Etrepaye.Collection;
using Etrepaye.CreditLimits;
using Etrepaye.Disputes;
using Etrepaye.Guarantees;
using Etrepaye.Procedures;
using Etrepaye.Receivables;
using Etrepaye.Shared;
using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using Serilog;
using Serilog.Extensions.Logging;

namespace Etrepaye.Host.Hosting;

/// <summary>The composition root: configuration, logging, modules, authentication, OpenAPI, Studio files.</summary>
internal static class EtrepayeApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        customize?.Invoke(builder);
        ConfigureServices(builder);
        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    public static void ConfigureServices(WebApplicationBuilder builder)
    {
        // The logger is built from the final configuration (appsettings, environment, command line, test overrides).
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerProvider>(provider => new SerilogLoggerProvider(
            new LoggerConfiguration()
                .ReadFrom.Configuration(provider.GetRequiredService<IConfiguration>())
                .Enrich.FromLogContext()
                .CreateLogger(),
            dispose: true));

        var services = builder.Services;
        var configuration = builder.Configuration;
        services.Configure<EtrepayeOptions>(configuration.GetSection(EtrepayeOptions.SectionName));
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddEtrepayeShared(configuration);
        Etrepaye.Workflows.WorkflowsRegistration.AddWorkflowEngine(services, configuration);
        services.AddAccessModule(configuration);
        services.AddReceivablesModule(configuration);
        services.AddCreditLimitsModule(configuration);
        services.AddCollectionModule(configuration);
        services.AddDisputesModule(configuration);
        services.AddGuaranteesModule(configuration);
        services.AddProceduresModule(configuration);

        services.AddHostedService<HostPreparation>();
        services.AddHostedService<DemoDataSeeder>();
        services.AddHealthChecks().AddCheck<DatabaseReadyHealthCheck>("database", tags: ["ready"]);
        services.AddOpenApi(options => options.AddDocumentTransformer<OpenApiDescription>());
    }

    public static void ConfigurePipeline(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLoggingMiddleware>();
        // Routing first: a request that matches an endpoint (every API call) skips the file middlewares, which would otherwise
        // look for a directory and a file under wwwroot on every GET. The Studio's files have no endpoint, so they are still served.
        app.UseRouting();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<CompanyAccessMiddleware>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapOpenApi();
        app.MapScalarApiReference(options => options.WithTitle("Etrepaye API"));

        app.MapAccessEndpoints();
        app.MapReceivablesEndpoints();
        app.MapCreditLimitsEndpoints();
        app.MapCollectionEndpoints();
        app.MapDisputesEndpoints();
        app.MapGuaranteesEndpoints();
        app.MapProceduresEndpoints();
        app.MapListAuditEntries();

        // The Studio is a single-page app: a deep link (/c/{company}/procedures/{id}) gets its index.html. The API,
        // the OpenAPI document, the API reference and the health checks keep their own 404s.
        app.MapFallbackToFile("{*path:nonfile:regex(^(?!(api|openapi|scalar|health)(/|$)).*$)}", "index.html");
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
    }

    private sealed class DatabaseReadyHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var scope = scopes.CreateAsyncScope();
            var problems = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().FindProblemsAsync(cancellationToken);
            return problems.Count == 0
                ? HealthCheckResult.Healthy("Database reachable, every module's migrations applied.")
                : HealthCheckResult.Unhealthy(string.Join("; ", problems));
        }
    }
}

internal sealed class EtrepayeOptions
{
    public const string SectionName = "Etrepaye";

    /// <summary>Seeds the demo companies and accounts at start-up. Never on in production.</summary>
    public bool DemoMode { get; set; }

    /// <summary>With the demo mode: the demo company's customers, invoices and collection procedure (cases and tasks follow).</summary>
    public bool DemoData { get; set; } = true;
}
