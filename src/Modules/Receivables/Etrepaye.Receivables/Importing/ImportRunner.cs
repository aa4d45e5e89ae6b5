using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Etrepaye.Access.Contracts;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Etrepaye.Receivables.Importing;

/// <summary>What to import: a file already on local disk, a mapping and the options chosen at upload.</summary>
internal sealed record ImportRequest(
    string FileName, string FilePath, Guid? MappingId, ImportMappingDefinition Mapping, ImportMode Mode, ImportErrorPolicy Policy, DateOnly? ImportDate);

/// <summary>
/// Imports a ledger file in two streaming passes, holding one batch of rows in memory at a time:
/// 1. validation: every row is parsed; bad rows, and repeats of an item reference already listed higher up, are written to the report
///    (with line, column, reason) and progress (rows read) is committed batch by batch on the import record;
/// 2. application, unless the file is rejected (policy rejectFile and at least one bad row, or a header that lacks a mapped column):
///    one transaction upserts customers and items by reference in batches, records settlements, reopens settled items the file shows
///    open, and in full mode settles on the import date the open items of the imported types the file did not list; the integration
///    events of those changes go to the outbox in that same transaction. A failure rolls the whole application back. Progress (rows
///    applied) is reported batch by batch (see <see cref="ImportProgress"/>).
///    On PostgreSQL a batch is staged by binary COPY and applied by set-based statements (see <see cref="StagedWritePass"/>).
/// Re-importing a file changes no item: rows equal to the ledger are counted as unchanged.
/// </summary>
internal sealed class ImportRunner(
    ReceivablesDbContext db, RequestContext requestContext, ImportProgress progress, IServiceScopeFactory scopeFactory, ICompanyClock clock,
    TimeProvider timeProvider, StagedWritePass stagedWritePass, IImportBatchObserver batchObserver, ILogger<ImportRunner> logger)
{
    internal const int BatchSize = 1000;

    /// <summary>On PostgreSQL a batch is staged by COPY and applied by a few statements: bigger batches, fewer round trips.</summary>
    internal const int StagedBatchSize = 5000;

    internal static readonly JsonSerializerOptions MappingJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly string[] _updatedItemProperties =
    [
        nameof(Item.CustomerId), nameof(Item.Currency), nameof(Item.IssueDate), nameof(Item.DueDate), nameof(Item.Amount), nameof(Item.OpenAmount),
        nameof(Item.Status), nameof(Item.Disputed), nameof(Item.SettledDate), nameof(Item.LastImportId), nameof(Item.Version),
    ];

    public async Task<Guid> RunAsync(ImportRequest request, CancellationToken cancellationToken)
    {
        var importDate = request.ImportDate ?? await clock.TodayAsync(db.CurrentCompanyId, cancellationToken);
        var run = new ImportRun
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            FileName = Path.GetFileName(request.FileName) is { Length: > 0 and <= 260 } name ? name : "upload.csv",
            MappingId = request.MappingId,
            Mapping = JsonSerializer.Serialize(request.Mapping, MappingJson),
            Mode = request.Mode,
            Policy = request.Policy,
            ImportDate = importDate,
            Status = ImportStatus.Validating,
            StartedAt = timeProvider.GetUtcNow(),
            StartedBy = requestContext.ActorName,
        };
        db.Imports.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var (headerOk, badRows) = await ValidateAsync(run, request, cancellationToken);
            if (!headerOk || (badRows > 0 && request.Policy == ImportErrorPolicy.RejectFile))
            {
                run.Status = ImportStatus.Rejected;
                run.Message = headerOk
                    ? $"{badRows} bad row(s): the file was rejected whole (policy rejectFile); nothing was written."
                    : "The file's header lacks a mapped column: nothing was written.";
                run.FinishedAt = timeProvider.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
                return run.Id;
            }

            run.Status = ImportStatus.Applying;
            await db.SaveChangesAsync(cancellationToken);
            await ApplyAsync(run, request, importDate, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Import {ImportId} failed", run.Id);
            db.ChangeTracker.Clear();
            var failed = await db.Imports.SingleAsync(i => i.Id == run.Id, CancellationToken.None);
            failed.Status = ImportStatus.Failed;
            failed.RowsApplied = 0;
            var message = $"The import failed and was rolled back: {exception.Message}";
            failed.Message = message.Length > 2000 ? message[..2000] : message;
            failed.FinishedAt = timeProvider.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            progress.Forget(run.Id);
        }

        return run.Id;
    }

    private async Task<(bool HeaderOk, long BadRows)> ValidateAsync(ImportRun run, ImportRequest request, CancellationToken cancellationToken)
    {
        var (reader, stream) = CsvRecordReader.Open(request.FilePath, request.Mapping.Delimiter);
        using var _ = stream;
        var (parser, headerErrors) = RowParser.ForHeader(request.Mapping, reader.Read());
        if (parser is null)
        {
            AddErrors(run, headerErrors);
            await db.SaveChangesAsync(cancellationToken);
            return (false, 0);
        }

        long rows = 0;
        long bad = 0;
        var duplicates = new DuplicateDetector();
        while (reader.Read() is { } record)
        {
            if (record.Fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            rows++;
            var (row, errors) = parser.Parse(record);
            if (row is not null && duplicates.FirstLineOf(row) is { } first)
            {
                errors.Add(new RowError(
                    row.Line, request.Mapping.Columns.ItemReference,
                    $"The {row.Type} reference '{row.Reference}' is already on line {first} of the file: one row per item."));
            }

            if (errors.Count > 0)
            {
                bad++;
                AddErrors(run, errors);
            }

            if (rows % BatchSize == 0)
            {
                run.RowsRead = rows;
                run.RowsRejected = bad;
                await SaveAndClearAsync(run, cancellationToken);
            }
        }

        run.RowsRead = rows;
        run.RowsRejected = bad;
        await SaveAndClearAsync(run, cancellationToken);
        return (true, bad);
    }

    private void AddErrors(ImportRun run, IEnumerable<RowError> errors) =>
        db.ImportRowErrors.AddRange(errors.Select(e => new ImportRowError
        {
            Id = Ids.New(timeProvider),
            CompanyId = run.CompanyId,
            ImportId = run.Id,
            Line = e.Line,
            Column = e.Column,
            Reason = e.Reason.Length > 500 ? e.Reason[..500] : e.Reason,
        }));

    private async Task SaveAndClearAsync(ImportRun run, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        db.Imports.Attach(run);
    }

    private async Task ApplyAsync(ImportRun run, ImportRequest request, DateOnly importDate, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var counts = new Counts();
            var customers = new Dictionary<string, Guid>(StringComparer.Ordinal);
            var batchSize = db.IsSqlite ? BatchSize : StagedBatchSize;

            // The file is parsed on another thread, one batch ahead, while the database applies the current batch: parsing and
            // applying overlap instead of adding up, and no more than three batches are ever in memory. On PostgreSQL that thread also
            // draws the rows' ids and serializes their events (StagedBatch), off the connection's critical path.
            var batches = Channel.CreateBounded<(List<ImportRow> Rows, StagedBatch? Staged)>(
                new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
            using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Func<List<ImportRow>, StagedBatch?> prepare = db.IsSqlite ? _ => null : rows => StagedBatch.Prepare(rows, run.CompanyId, timeProvider);
            var reading = Task.Run(() => ReadBatchesAsync(request, batchSize, prepare, batches.Writer, stopReading.Token), CancellationToken.None);
            try
            {
                await foreach (var (batch, staged) in batches.Reader.ReadAllAsync(cancellationToken))
                {
                    await ApplyBatchAsync(run, batch, staged, importDate, customers, counts, cancellationToken);
                    if (batch.Count == batchSize)
                    {
                        await ReportProgressAsync(run, counts.Applied, cancellationToken);
                        await batchObserver.BatchAppliedAsync(run.Id, counts.Applied, cancellationToken);
                    }
                }
            }
            finally
            {
                await stopReading.CancelAsync();
                await reading;
            }

            if (request.Mode == ImportMode.Full)
            {
                var types = request.Mapping.Columns.ItemType is null ? [Enum.Parse<ItemType>(request.Mapping.DefaultItemType, true)] : Enum.GetValues<ItemType>();
                var runId = run.Id;
                var absent = db.Items.Where(i => i.Status == ItemStatus.Open && types.Contains(i.Type) && i.LastImportId != runId && i.IssueDate <= importDate);
                await PublishSettledByAbsenceAsync(absent.Where(i => i.Type == ItemType.Invoice), importDate, cancellationToken);
                await counts.PerCustomer.AddSettledByAbsenceAsync(absent, cancellationToken);
                counts.SettledByAbsence = await absent
                    .ExecuteUpdateAsync(
                        set => set.SetProperty(i => i.Status, ItemStatus.Settled)
                            .SetProperty(i => i.OpenAmount, 0m)
                            .SetProperty(i => i.SettledDate, importDate)
                            .SetProperty(i => i.Version, i => i.Version + 1),
                        cancellationToken);
            }

            await counts.PerCustomer.WriteAsync(db, run, timeProvider, cancellationToken);
            var saved = await db.Imports.SingleAsync(i => i.Id == run.Id, cancellationToken);
            saved.ItemsCreated = counts.Created;
            saved.ItemsUpdated = counts.Updated;
            saved.ItemsUnchanged = counts.Unchanged;
            saved.ItemsSettledByAbsence = counts.SettledByAbsence;
            saved.CustomersCreated = counts.CustomersCreated;
            saved.ItemsReopened = counts.Reopened;
            saved.RowsApplied = counts.Applied;
            saved.Status = saved.RowsRejected > 0 ? ImportStatus.CompletedWithErrors : ImportStatus.Completed;
            saved.Message = saved.RowsRejected > 0 ? $"{saved.RowsRejected} bad row(s) skipped (policy skipBadRows)." : null;
            saved.FinishedAt = timeProvider.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>
    /// Parses the file again for the write pass, skipping the rows the validation pass reported, and hands it on in batches; a failure
    /// completes the channel with its exception, which the write pass then throws.
    /// </summary>
    private static async Task ReadBatchesAsync(
        ImportRequest request, int batchSize, Func<List<ImportRow>, StagedBatch?> prepare, ChannelWriter<(List<ImportRow>, StagedBatch?)> batches,
        CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var (reader, stream) = CsvRecordReader.Open(request.FilePath, request.Mapping.Delimiter);
            using (stream)
            {
                var (parser, _) = RowParser.ForHeader(request.Mapping, reader.Read());
                var duplicates = new DuplicateDetector();
                var batch = new List<ImportRow>(batchSize);
                while (reader.Read() is { } record)
                {
                    if (record.Fields.All(string.IsNullOrWhiteSpace) || parser!.Parse(record) is not ({ } row, _) || duplicates.FirstLineOf(row) is not null)
                    {
                        continue;
                    }

                    batch.Add(row);
                    if (batch.Count == batchSize)
                    {
                        await batches.WriteAsync((batch, prepare(batch)), cancellationToken);
                        batch = new List<ImportRow>(batchSize);
                    }
                }

                if (batch.Count > 0)
                {
                    await batches.WriteAsync((batch, prepare(batch)), cancellationToken);
                }
            }
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        finally
        {
            batches.TryComplete(failure);
        }
    }

    /// <summary>Publishes <see cref="InvoiceSettled"/> for the open invoices a full import is about to settle, a batch at a time.</summary>
    private async Task PublishSettledByAbsenceAsync(IQueryable<Item> invoices, DateOnly importDate, CancellationToken cancellationToken)
    {
        Guid? after = null;
        while (true)
        {
            var page = await invoices.Where(i => after == null || i.Id.CompareTo(after.Value) > 0).OrderBy(i => i.Id).Take(BatchSize)
                .Select(i => new { i.Id, i.CompanyId, i.CustomerId, i.Reference })
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return;
            }

            foreach (var invoice in page)
            {
                db.Publish(new InvoiceSettled(invoice.CompanyId, invoice.CustomerId, invoice.Id, invoice.Reference, importDate));
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            after = page[^1].Id;
        }
    }

    private async Task ReportProgressAsync(ImportRun run, long applied, CancellationToken cancellationToken)
    {
        progress.Report(run.Id, applied);
        if (db.IsSqlite)
        {
            return;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(run.CompanyId, "import progress");
        var progressDb = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        var runId = run.Id;
        await progressDb.Imports.Where(i => i.Id == runId).ExecuteUpdateAsync(set => set.SetProperty(i => i.RowsApplied, applied), cancellationToken);
    }

    private async Task ApplyBatchAsync(
        ImportRun run, List<ImportRow> batch, StagedBatch? stagedBatch, DateOnly importDate, Dictionary<string, Guid> customers, Counts counts,
        CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        counts.Applied += batch.Count;
        if (stagedBatch is not null)
        {
            var staged = await stagedWritePass.ApplyAsync(run, stagedBatch, importDate, analyzeStage: counts.Applied == batch.Count, cancellationToken);
            counts.Created += staged.Created;
            counts.Updated += staged.Updated;
            counts.Unchanged += staged.Unchanged;
            counts.Reopened += staged.Reopened;
            counts.CustomersCreated += staged.CustomersCreated;
            counts.PerCustomer.Add(staged.PerCustomer);
            return;
        }

        await AddUnknownCustomersAsync(run, batch, customers, counts, cancellationToken);

        // One look-up per item type of the batch, so that the (company, type, reference) index serves it.
        var existing = new Dictionary<(ItemType, string), Item>();
        foreach (var group in batch.GroupBy(r => r.Type))
        {
            var type = group.Key;
            var references = group.Select(r => r.Reference).Distinct().ToList();
            foreach (var found in await db.Items.AsNoTracking().Where(i => i.Type == type && references.Contains(i.Reference)).ToListAsync(cancellationToken))
            {
                existing[(found.Type, found.Reference)] = found;
            }
        }

        // What allocations already took off the settled items the file shows open again: a reopened item owes the rest.
        var toReopen = batch.Where(r => r.SettledDate is null && existing.TryGetValue((r.Type, r.Reference), out var e) && e.Status == ItemStatus.Settled)
            .Select(r => existing[(r.Type, r.Reference)].Id).ToList();
        var allocated = new Dictionary<Guid, decimal>();
        if (toReopen.Count > 0)
        {
            foreach (var a in await db.Allocations.AsNoTracking().Where(a => toReopen.Contains(a.TargetItemId) || (a.SourceItemId != null && toReopen.Contains(a.SourceItemId.Value)))
                .Select(a => new { a.SourceItemId, a.TargetItemId, a.Amount, a.TargetAmount }).ToListAsync(cancellationToken))
            {
                // A payment allocated to an invoice, both reopened, counts on both sides.
                if (toReopen.Contains(a.TargetItemId))
                {
                    allocated[a.TargetItemId] = allocated.GetValueOrDefault(a.TargetItemId) + (a.TargetAmount ?? a.Amount);
                }

                if (a.SourceItemId is { } source && toReopen.Contains(source))
                {
                    allocated[source] = allocated.GetValueOrDefault(source) + a.Amount;
                }
            }
        }

        var changes = new BatchChanges();
        foreach (var row in batch)
        {
            var customerId = customers[row.CustomerReference];
            if (!existing.TryGetValue((row.Type, row.Reference), out var item))
            {
                item = new Item
                {
                    Id = Ids.New(timeProvider),
                    CompanyId = run.CompanyId,
                    CustomerId = customerId,
                    Type = row.Type,
                    Reference = row.Reference,
                    Currency = row.Currency,
                    IssueDate = row.IssueDate,
                    DueDate = row.DueDate,
                    Amount = row.Amount,
                    OpenAmount = row.Amount,
                    Status = ItemStatus.Open,
                    Disputed = row.Disputed,
                    LastImportId = run.Id,
                };
                changes.Inserted.Add(item);
                PublishIssued(item);
                ApplySettlement(item, row, run, changes);
                PublishIfSettled(item, ItemStatus.Open);
                existing[(row.Type, row.Reference)] = item;
                counts.Created++;
                continue;
            }

            var before = (item.CustomerId, item.Currency, item.IssueDate, item.DueDate, item.Amount, item.OpenAmount, item.Status, item.Disputed, item.SettledDate);
            var statusBefore = item.Status;
            item.CustomerId = customerId;
            item.Currency = row.Currency;
            item.IssueDate = row.IssueDate;
            item.DueDate = row.DueDate;
            if (item.Status == ItemStatus.Open)
            {
                item.OpenAmount += row.Amount - item.Amount;
            }

            item.Amount = row.Amount;
            item.Disputed = row.Disputed;
            if (item.Status == ItemStatus.Settled && row.SettledDate is null && row.Amount - allocated.GetValueOrDefault(item.Id) is > 0m and var reopened)
            {
                item.Status = ItemStatus.Open;
                item.SettledDate = null;
                item.OpenAmount = reopened;
                counts.Reopened++;
                if (item.Type == ItemType.Invoice)
                {
                    db.Publish(new InvoiceReopened(
                        item.CompanyId, item.CustomerId, item.Id, item.Reference, new Money(item.OpenAmount, item.Currency), item.DueDate ?? item.IssueDate, importDate));
                }
            }

            ApplySettlement(item, row, run, changes);
            PublishIfSettled(item, statusBefore);
            if (statusBefore == ItemStatus.Open && item.Status == ItemStatus.Settled)
            {
                changes.Settled.Add(item);
            }

            var after = (item.CustomerId, item.Currency, item.IssueDate, item.DueDate, item.Amount, item.OpenAmount, item.Status, item.Disputed, item.SettledDate);
            if (before == after)
            {
                // Unchanged rows are only marked as seen (for full imports), without touching their version.
                changes.Unchanged.Add(item.Id);
                counts.Unchanged++;
            }
            else
            {
                item.LastImportId = run.Id;
                changes.Updated.Add((item, item.Version));
                item.Version++;
                counts.Updated++;
            }
        }

        await WriteAsync(run, changes, cancellationToken);
        counts.PerCustomer.AddBatch(changes.Inserted, changes.Updated.Select(u => u.Item), changes.Settled);
    }

    /// <summary>
    /// Writes a batch's rows without change tracking (items, allocations and their events' outbox rows: one round trip on
    /// PostgreSQL). An updated item is written only if its version is still the one read, so a concurrent change fails the import.
    /// </summary>
    private async Task WriteAsync(ImportRun run, BatchChanges changes, CancellationToken cancellationToken)
    {
        var events = db.OutboxMessages.Local.ToList();
        var writer = new BulkWriter(db).Insert(changes.Inserted).Insert(changes.Allocations).Insert(events);
        var updates = writer.UpdateIfToken<Item>([.. changes.Updated.Select(u => (u.Item, (object)u.ReadVersion))], _updatedItemProperties);
        var affected = await writer.ExecuteAsync(cancellationToken);
        if (affected[updates] != changes.Updated.Count)
        {
            throw new DbUpdateConcurrencyException($"{changes.Updated.Count - affected[updates]} item(s) of the file changed in the ledger while it was imported: import it again.");
        }

        if (changes.Unchanged.Count > 0)
        {
            var runId = run.Id;
            var unchanged = changes.Unchanged;
            await db.Items.Where(i => unchanged.Contains(i.Id)).ExecuteUpdateAsync(set => set.SetProperty(i => i.LastImportId, runId), cancellationToken);
        }

        db.ChangeTracker.Clear();
    }

    /// <summary>Customers are few and audited: they go through SaveChanges, before the batch's items.</summary>
    private async Task AddUnknownCustomersAsync(ImportRun run, List<ImportRow> batch, Dictionary<string, Guid> customers, Counts counts, CancellationToken cancellationToken)
    {
        var unknown = batch.Select(r => r.CustomerReference).Where(r => !customers.ContainsKey(r)).Distinct().ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        foreach (var found in await db.Customers.Where(c => unknown.Contains(c.Reference)).Select(c => new { c.Reference, c.Id }).ToListAsync(cancellationToken))
        {
            customers[found.Reference] = found.Id;
        }

        foreach (var row in batch.Where(r => !customers.ContainsKey(r.CustomerReference)).DistinctBy(r => r.CustomerReference))
        {
            var customer = new Customer
            {
                Id = Ids.New(timeProvider),
                CompanyId = run.CompanyId,
                Reference = row.CustomerReference,
                Name = row.CustomerName is { Length: <= 200 } name ? name : row.CustomerReference,
                Currency = row.Currency,
            };
            db.Customers.Add(customer);
            customers[row.CustomerReference] = customer.Id;
            counts.CustomersCreated++;
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private void PublishIssued(Item item)
    {
        var money = new Money(item.Amount, item.Currency);
        switch (item.Type)
        {
            case ItemType.Invoice:
                db.Publish(new InvoiceIssued(item.CompanyId, item.CustomerId, item.Id, item.Reference, money, item.IssueDate, item.DueDate ?? item.IssueDate));
                break;
            case ItemType.CreditNote:
                db.Publish(new CreditNoteIssued(item.CompanyId, item.CustomerId, item.Id, item.Reference, money, item.IssueDate));
                break;
            case ItemType.Payment:
                db.Publish(new PaymentReceived(item.CompanyId, item.CustomerId, item.Id, item.Reference, money, item.IssueDate));
                break;
        }
    }

    private void PublishIfSettled(Item item, ItemStatus statusBefore)
    {
        if (item.Type == ItemType.Invoice && statusBefore == ItemStatus.Open && item.Status == ItemStatus.Settled)
        {
            db.Publish(new InvoiceSettled(item.CompanyId, item.CustomerId, item.Id, item.Reference, item.SettledDate!.Value));
        }
    }

    /// <summary>A settled date records the settlement: whole, or partial when a settled amount below the amount is given.</summary>
    private void ApplySettlement(Item item, ImportRow row, ImportRun run, BatchChanges changes)
    {
        if (row.SettledDate is not { } settledOn || item.Amount <= 0m)
        {
            return;
        }

        if (row.SettledAmount is { } part && part < item.Amount)
        {
            var already = item.Amount - item.OpenAmount;
            if (part > already)
            {
                changes.Allocations.Add(new Allocation
                {
                    Id = Ids.New(timeProvider),
                    CompanyId = run.CompanyId,
                    SourceItemId = null,
                    TargetItemId = item.Id,
                    Amount = part - already,
                    Date = settledOn,
                });
                item.OpenAmount = item.Amount - part;
            }

            return;
        }

        if (item.Status != ItemStatus.Settled || item.SettledDate != settledOn)
        {
            item.Settle(settledOn);
        }
    }

    /// <summary>What a batch writes.</summary>
    private sealed class BatchChanges
    {
        public List<Item> Inserted { get; } = [];

        public List<(Item Item, long ReadVersion)> Updated { get; } = [];

        public List<Guid> Unchanged { get; } = [];

        public List<Allocation> Allocations { get; } = [];

        /// <summary>Existing items of the batch the file settled (for the per-customer summary).</summary>
        public List<Item> Settled { get; } = [];
    }

    private sealed class Counts
    {
        public long Created { get; set; }

        public long Updated { get; set; }

        public long Unchanged { get; set; }

        public long SettledByAbsence { get; set; }

        public long CustomersCreated { get; set; }

        public long Reopened { get; set; }

        public long Applied { get; set; }

        public ImportCustomerTally PerCustomer { get; } = new();
    }
}
