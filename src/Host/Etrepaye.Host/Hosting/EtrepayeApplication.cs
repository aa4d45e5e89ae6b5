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
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);

        var services = builder.Services;
        var configuration = builder.Configuration;
        services.Configure<EtrepayeOptions>(configuration.GetSection(EtrepayeOptions.SectionName));
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddEtrepayeShared(configuration);
        services.AddAccessModule(configuration);
        services.AddReceivablesModule(configuration);
        services.AddCreditLimitsModule(configuration);
        services.AddCollectionModule(configuration);
        services.AddDisputesModule(configuration);
        services.AddGuaranteesModule(configuration);
        services.AddProceduresModule(configuration);

        services.AddHealthChecks().AddCheck<DatabaseReadyHealthCheck>("database", tags: ["ready"]);
        services.AddOpenApi(options => options.AddDocumentTransformer<OpenApiDescription>());
    }

    public static void ConfigurePipeline(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
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
    }

    /// <summary>
    /// Before serving: migrate, then either seed the demo (demo mode) or make sure an administrator exists,
    /// so a production deployment never starts open to whoever signs up first.
    /// </summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var options = app.Configuration.GetSection(EtrepayeOptions.SectionName).Get<EtrepayeOptions>() ?? new EtrepayeOptions();
        var database = app.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.MigrateOnStartup)
        {
            await MigrateAsync(app.Services, cancellationToken);
        }

        if (options.DemoMode)
        {
            var (accounts, password) = await AccessModule.SeedDemoAsync(app.Services, cancellationToken);
            app.Lifetime.ApplicationStarted.Register(() => DemoBanner.Print(app.Urls, accounts, password));
            return;
        }

        if (!await AccessModule.AdministratorExistsAsync(app.Services, cancellationToken))
        {
            throw new InvalidOperationException(
                "No administrator is set up. Run: Etrepaye.Host create-admin --email you@example.com --company \"Your company\" " +
                "(or start in demo mode with Etrepaye:DemoMode=true).");
        }
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
}
