using Etrepaye.Access;
using Etrepaye.Procedures;
using Etrepaye.Receivables;
using Microsoft.Extensions.Options;

namespace Etrepaye.Host.Hosting;

/// <summary>
/// Demo mode: once the host runs (the demo company's set-up events need the outbox), gives the demo company its collection
/// procedure, then its customers and invoices; the overdue ones open collection cases whose procedure asks an operator to call.
/// </summary>
internal sealed partial class DemoDataSeeder(IServiceProvider services, IOptions<EtrepayeOptions> options, TimeProvider timeProvider, ILogger<DemoDataSeeder> logger)
    : BackgroundService
{
    private static readonly TimeSpan _retryDelay = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DemoMode || !options.Value.DemoData)
        {
            return;
        }

        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await ProceduresModule.SeedDemoAsync(services, AccessModule.DemoCompanyId, stoppingToken);
                if (await ReceivablesModule.SeedDemoAsync(services, AccessModule.DemoCompanyId, stoppingToken))
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException && attempt < 20)
            {
                LogSeedFailed(exception, attempt);
            }

            await Task.Delay(_retryDelay, timeProvider, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seeding the demo data failed (attempt {Attempt}); trying again.")]
    private partial void LogSeedFailed(Exception exception, int attempt);
}
