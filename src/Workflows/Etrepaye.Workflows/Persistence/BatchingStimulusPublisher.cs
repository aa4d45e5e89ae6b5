using System.Threading.Channels;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Etrepaye.Workflows.Persistence;

/// <summary>
/// Where modules (event handlers, API requests) hand stimuli to the durable engine. The answer comes
/// once the steps the stimulus caused have committed.
/// </summary>
public interface IWorkflowStimulusPublisher
{
    Task<PublishResult> PublishAsync(Stimulus stimulus, CancellationToken cancellationToken);
}

/// <summary>
/// Group commit for stimuli: callers queue their stimulus and wait; a loop takes whatever has queued
/// (up to <see cref="WorkflowEngineOptions.StimulusBatchSize"/>) and publishes it per company with
/// <see cref="WorkflowHost.PublishManyAsync"/>, a few queries and one transaction for the whole batch.
/// Nothing waits to fill a batch: a lone stimulus goes at once, and under load the queue fills while the
/// previous batches commit (<see cref="WorkflowEngineOptions.StimulusParallelism"/> at a time). The queue
/// is in memory only until the caller's answer: a caller that gets no answer (a crash) publishes again,
/// and the message id makes the redelivery harmless.
/// </summary>
internal sealed class BatchingStimulusPublisher(IServiceScopeFactory scopeFactory, IOptions<WorkflowEngineOptions> options)
    : IWorkflowStimulusPublisher, IAsyncDisposable
{
    private readonly Channel<Queued> _queue = Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Task? _loop;
    private int _disposed;

    public Task<PublishResult> PublishAsync(Stimulus stimulus, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_loop is null)
            {
                // The loop outlives this caller: it must not carry the caller's activity, logging scope or company.
                using (ExecutionContext.SuppressFlow())
                {
                    _loop = Task.Run(RunAsync);
                }
            }
        }

        var queued = new Queued(stimulus, new TaskCompletionSource<PublishResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(queued))
        {
            throw new ObjectDisposedException(nameof(BatchingStimulusPublisher));
        }

        return queued.Answer.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as the interface, the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        if (_loop is { } loop)
        {
            await loop;
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var settings = options.Value;
        using var inFlight = new SemaphoreSlim(Math.Max(1, settings.StimulusParallelism));
        var running = new List<Task>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stop.Token))
            {
                await inFlight.WaitAsync(_stop.Token);
                var batch = new List<Queued>();
                while (batch.Count < settings.StimulusBatchSize && _queue.Reader.TryRead(out var queued))
                {
                    batch.Add(queued);
                }

                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await PublishBatchAsync(batch);
                    }
                    finally
                    {
                        inFlight.Release();
                    }
                }));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down: what is still queued is answered below.
        }

        await Task.WhenAll(running);
        while (_queue.Reader.TryRead(out var left))
        {
            left.Answer.TrySetCanceled();
        }
    }

    private async Task PublishBatchAsync(List<Queued> batch)
    {
        foreach (var company in batch.GroupBy(q => q.Stimulus.CorrelationKeys.TryGetValue(WorkflowCorrelation.CompanyKey, out var key) && Guid.TryParse(key, out var id) ? id : Guid.Empty))
        {
            var stimuli = company.ToList();
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                if (company.Key != Guid.Empty)
                {
                    scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(company.Key, "workflow-stimuli");
                }

                var results = await scope.ServiceProvider.GetRequiredService<WorkflowHost>()
                    .PublishManyAsync([.. stimuli.Select(q => q.Stimulus)], CancellationToken.None);
                for (var i = 0; i < stimuli.Count; i++)
                {
                    stimuli[i].Answer.TrySetResult(results[i]);
                }
            }
            catch (Exception exception)
            {
                // The callers learn it and may publish again: nothing of a failed batch was recorded as handled.
                stimuli.ForEach(q => q.Answer.TrySetException(exception));
            }
        }
    }

    private sealed record Queued(Stimulus Stimulus, TaskCompletionSource<PublishResult> Answer);
}
