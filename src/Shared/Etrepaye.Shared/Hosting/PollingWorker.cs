using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Etrepaye.Shared.Hosting;

/// <summary>
/// The loop of every worker that polls the database for claimable rows (the outbox dispatcher, the workflow
/// timers and effects): run a round; when it found nothing, wait for the poll interval or a wake-up; after a
/// failure, log it and carry on after the poll interval; stop on shutdown. Pending work lives in the database,
/// never in this loop.
/// </summary>
public abstract partial class PollingWorker(TimeProvider timeProvider, ILogger logger) : BackgroundService
{
    protected TimeProvider TimeProvider => timeProvider;

    /// <summary>Names this process in the leases it takes ("machine:pid:random").</summary>
    protected string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected abstract bool Enabled { get; }

    protected abstract TimeSpan PollInterval { get; }

    /// <summary>One round: claims and handles a batch; returns how many rows it handled.</summary>
    public abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Waits before the next round when the last one found nothing.</summary>
    protected virtual Task WaitForWorkAsync(CancellationToken cancellationToken) => Task.Delay(PollInterval, timeProvider, cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) == 0)
                {
                    await WaitForWorkAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRoundFailed(logger, GetType().Name, exception);
                await Task.Delay(PollInterval, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker} failed a round; it tries again after its poll interval")]
    private static partial void LogRoundFailed(ILogger logger, string worker, Exception exception);
}
