using Etrepaye.Shared.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Etrepaye.IntegrationTests.Infrastructure;

/// <summary>A host's polling workers run by hand, for tests that turn their background loops off.</summary>
public static class PollingWorkers
{
    /// <summary>Runs every polling worker but the message sender (and those named in <paramref name="except"/>) round after round until none finds anything to do.</summary>
    public static async Task DrainAsync(IServiceProvider services, params string[] except)
    {
        var workers = services.GetServices<IHostedService>().OfType<PollingWorker>()
            .Where(w => w.GetType().Name != "MessageDispatcher" && !except.Contains(w.GetType().Name)).ToList();
        for (var round = 0; round < 200; round++)
        {
            var handled = 0;
            foreach (var worker in workers)
            {
                handled += await worker.RunOnceAsync(CancellationToken.None);
            }

            if (handled == 0)
            {
                return;
            }
        }

        throw new InvalidOperationException("The workers still found work after 200 rounds.");
    }
}
