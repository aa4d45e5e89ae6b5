namespace Etrepaye.Receivables.Importing;

/// <summary>
/// Called by the write pass after each full batch is applied and its progress reported, inside the pass's transaction. Production
/// does nothing here; a test host replaces it to hold the pass between batches and read the progress while it runs.
/// </summary>
internal interface IImportBatchObserver
{
    Task BatchAppliedAsync(Guid importId, long rowsApplied, CancellationToken cancellationToken);
}

internal sealed class NoImportBatchObserver : IImportBatchObserver
{
    public Task BatchAppliedAsync(Guid importId, long rowsApplied, CancellationToken cancellationToken) => Task.CompletedTask;
}
