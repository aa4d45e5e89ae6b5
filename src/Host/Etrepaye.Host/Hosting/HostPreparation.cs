using Etrepaye.Access;
using Etrepaye.Shared.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Etrepaye.Host.Hosting;

/// <summary>
/// Runs before any other hosted service starts (the outbox dispatcher among them): applies every module's
/// migrations, then either seeds the demo (demo mode) or makes sure an administrator exists, so that a
/// production deployment never starts open to whoever signs up first. A failure here stops the start.
/// </summary>
internal sealed class HostPreparation(
    IServiceProvider services,
    IOptions<DatabaseOptions> database,
    IOptions<EtrepayeOptions> options,
    IHostApplicationLifetime lifetime,
    IServer server) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (database.Value.MigrateOnStartup)
        {
            await EtrepayeApplication.MigrateAsync(services, cancellationToken);
        }

        if (options.Value.DemoMode)
        {
            var (accounts, password) = await AccessModule.SeedDemoAsync(services, cancellationToken);
            lifetime.ApplicationStarted.Register(() =>
                DemoBanner.Print(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], accounts, password));
            return;
        }

        if (!await AccessModule.AdministratorExistsAsync(services, cancellationToken))
        {
            throw new InvalidOperationException(
                "No administrator is set up. Run: Etrepaye.Host create-admin --email you@example.com --company \"Your company\" " +
                "(or start in demo mode with Etrepaye:DemoMode=true).");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
