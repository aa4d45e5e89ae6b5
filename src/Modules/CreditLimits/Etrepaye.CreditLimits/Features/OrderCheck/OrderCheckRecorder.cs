using System.Threading.Channels;
using Etrepaye.CreditLimits.Data;
using Etrepaye.Shared.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.CreditLimits.Features.OrderCheck;

/// <summary>
/// Group commit for order checks: each request queues its check row and waits; one loop takes whatever has queued (up to
/// <see cref="BatchSize"/>) and inserts it in one statement, so under load many checks share a round trip and a commit
/// instead of paying a transaction each. Nothing waits to fill a batch: a lone check is written at once. The answer goes
/// out only once its row is stored, so an ERP never holds a check id the history does not know.
/// </summary>
internal sealed class OrderCheckRecorder(IServiceScopeFactory scopeFactory) : IAsyncDisposable
{
    private const int BatchSize = 500;

    private readonly Channel<Queued> _queue = Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private Task? _loop;
    private int _disposed;

    public Task RecordAsync(Domain.OrderCheck check, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_loop is null)
            {
                // The loop outlives this request: it must not carry the request's activity, logging scope or company.
                using (ExecutionContext.SuppressFlow())
                {
                    _loop = Task.Run(RunAsync);
                }
            }
        }

        var queued = new Queued(check, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(queued))
        {
            throw new ObjectDisposedException(nameof(OrderCheckRecorder));
        }

        return queued.Stored.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        if (_loop is { } loop)
        {
            // The checks already queued are written before the host stops; their callers are waiting for them.
            await loop;
        }
    }

    private async Task RunAsync()
    {
        while (await _queue.Reader.WaitToReadAsync())
        {
            var batch = new List<Queued>();
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var queued))
            {
                batch.Add(queued);
            }

            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CreditLimitsDbContext>();
                // A batch is stored whole or not at all. On PostgreSQL the writer sends one INSERT, atomic by itself: a transaction
                // would only add two round trips per batch. On SQLite it inserts row by row, so it needs one.
                await using var transaction = db.IsSqlite ? await db.Database.BeginTransactionAsync(CancellationToken.None) : null;
                await new BulkWriter(db).Insert(batch.ConvertAll(q => q.Check)).ExecuteAsync(CancellationToken.None);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(CancellationToken.None);
                }
                batch.ForEach(q => q.Stored.TrySetResult());
            }
            catch (Exception exception)
            {
                // Nothing of the batch was stored: each caller gets an error and no check id.
                batch.ForEach(q => q.Stored.TrySetException(exception));
            }
        }
    }

    private sealed record Queued(Domain.OrderCheck Check, TaskCompletionSource Stored);
}
