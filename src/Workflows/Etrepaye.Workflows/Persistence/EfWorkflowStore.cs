using System.Data.Common;
using System.Text.Json;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Workflows.Persistence;

/// <summary>
/// <see cref="IWorkflowStore"/> on the engine's tables. <see cref="CommitAsync"/> writes one step in one
/// transaction whose first statement is the instance update conditional on the loaded version, so two
/// steps racing on one instance (a timer and a stimulus, two workers) cannot both commit.
/// The engine reads across companies (a timer worker serves all of them), hence IgnoreQueryFilters;
/// the company of every row written is checked against the scope by <see cref="Shared.Persistence.ModuleDbContext"/>.
/// </summary>
internal sealed class EfWorkflowStore(
    WorkflowDbContext db,
    IWorkflowDefinitionProvider definitions,
    RequestContext requestContext,
    ICompanyToday? companyToday = null) : IWorkflowStore
{
    /// <summary>
    /// The timer row a worker is firing in this scope: the next commit (the timer's step) deletes it in the
    /// same transaction, whether or not the step lists it among the timers it removes.
    /// </summary>
    public Guid? TimerFiring { get; set; }

    public async ValueTask<InstanceSnapshot?> FindInstanceAsync(Guid instanceId, CancellationToken cancellationToken) =>
        (await FindInstancesAsync([instanceId], cancellationToken)).SingleOrDefault();

    public async ValueTask<IReadOnlyList<Guid>> FindInstancesWaitingForAsync(Stimulus stimulus, CancellationToken cancellationToken)
    {
        var bookmarks = db.Bookmarks.IgnoreQueryFilters().AsNoTracking().Where(b => b.EventName == stimulus.EventName);
        if (stimulus.CorrelationKeys.Count <= MaxIndexedCorrelationKeys)
        {
            // A bookmark matches when its keys are a subset of the stimulus's: look each subset up in the index.
            var subsets = KeySubsets(stimulus.CorrelationKeys);
            bookmarks = bookmarks.Where(b => subsets.Contains(b.CorrelationKeys));
        }

        var rows = await bookmarks.OrderBy(b => b.CreatedAt).Select(b => b.Data).ToListAsync(cancellationToken);
        return [.. rows.Select(Read<Bookmark>).Where(b => b.Matches(stimulus)).Select(b => b.InstanceId).Distinct()];
    }

    public async ValueTask<IReadOnlyList<IReadOnlyList<Guid>>> FindInstancesWaitingForAllAsync(IReadOnlyList<Stimulus> stimuli, CancellationToken cancellationToken)
    {
        if (stimuli.Any(s => s.CorrelationKeys.Count > MaxIndexedCorrelationKeys))
        {
            return await ((IWorkflowStore)this).FindInstancesWaitingForAllAsync(stimuli, cancellationToken);
        }

        // One query for the whole batch: every event name and every subset of every stimulus's keys, matched in memory after.
        var events = stimuli.Select(s => s.EventName).Distinct(StringComparer.Ordinal).ToList();
        var subsets = stimuli.SelectMany(s => KeySubsets(s.CorrelationKeys)).Distinct(StringComparer.Ordinal).ToList();
        var rows = await db.Bookmarks.IgnoreQueryFilters().AsNoTracking()
            .Where(b => events.Contains(b.EventName) && subsets.Contains(b.CorrelationKeys))
            .OrderBy(b => b.CreatedAt)
            .Select(b => b.Data)
            .ToListAsync(cancellationToken);
        var bookmarks = rows.Select(Read<Bookmark>).ToList();
        return [.. stimuli.Select(s => (IReadOnlyList<Guid>)[.. bookmarks.Where(b => b.Matches(s)).Select(b => b.InstanceId).Distinct()])];
    }

    public async ValueTask<IReadOnlySet<string>> FindRecordedMessagesAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        var ids = messageIds.ToList();
        return (await db.ReceivedMessages.AsNoTracking().Where(m => ids.Contains(m.MessageId)).Select(m => m.MessageId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
    }

    public async ValueTask RecordMessagesAsync(IReadOnlyCollection<string> messageIds, DateTimeOffset at, CancellationToken cancellationToken) =>
        await new BulkWriter(db)
            .Insert([.. messageIds.Distinct(StringComparer.Ordinal).Select(id => new ReceivedMessageRow { MessageId = id, ReceivedAt = at })], skipExisting: true)
            .ExecuteAsync(cancellationToken);

    public async ValueTask<IReadOnlyList<WorkflowTimer>> FindDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        // A timer a worker holds under a live lease is that worker's to fire.
        var rows = await db.Timers.IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.DueAt <= now && (t.LeaseUntil == null || t.LeaseUntil < now))
            .OrderBy(t => t.DueAt).ThenBy(t => t.Id)
            .Take(max)
            .Select(t => t.Data)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(Read<WorkflowTimer>)];
    }

    public async ValueTask<HumanTask?> FindOpenTaskAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var data = await db.HumanTasks.IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.Id == taskId && t.Status == HumanTaskStatus.Open)
            .Select(t => t.Data)
            .FirstOrDefaultAsync(cancellationToken);
        return data is null ? null : Read<HumanTask>(data);
    }

    public async ValueTask<IReadOnlyList<InstanceSnapshot>> FindInstancesAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken cancellationToken)
    {
        var ids = instanceIds.ToList();
        var rows = await db.Instances.IgnoreQueryFilters().AsNoTracking()
            .Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, i.DefinitionId, i.DefinitionVersion, i.Snapshot, i.Version })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(row =>
        {
            var definition = definitions.Find(row.DefinitionId, row.DefinitionVersion)
                ?? throw new KeyNotFoundException($"The instance {row.Id} runs {row.DefinitionId} v{row.DefinitionVersion}, which is not available.");
            return InstanceSnapshotSerializer.Deserialize(row.Snapshot, definition) with { Version = row.Version };
        })];
    }

    public ValueTask CommitAsync(InstanceSnapshot snapshot, WorkflowChanges changes, long expectedVersion, CancellationToken cancellationToken) =>
        CommitManyAsync([new PendingCommit(snapshot, changes, expectedVersion)], cancellationToken);

    /// <remarks>
    /// The rows are written with multi-row statements (<see cref="BulkWriter"/>), not change tracking: a burst of
    /// timers commits hundreds of steps per transaction. Stepped instances are updated by one statement
    /// conditional on each loaded version; fewer rows updated than steps means another step committed first,
    /// and the whole transaction is rolled back.
    /// </remarks>
    public async ValueTask CommitManyAsync(IReadOnlyList<PendingCommit> commits, CancellationToken cancellationToken)
    {
        var startedIds = commits.Where(c => c.ExpectedVersion == 0).Select(c => c.Snapshot.InstanceId).ToList();
        if (startedIds.Count > 0 && await db.Instances.IgnoreQueryFilters().Where(i => startedIds.Contains(i.Id)).Select(i => i.Id).FirstOrDefaultAsync(cancellationToken) is var taken && taken != Guid.Empty)
        {
            throw new WorkflowConcurrencyException(taken, 0);
        }

        var steps = new List<(Guid CompanyId, WorkflowChanges Changes, decimal? AmountAtRisk)>(commits.Count);
        var started = new List<WorkflowInstanceRow>();
        var stepped = new List<(WorkflowInstanceRow Row, object ExpectedVersion)>();
        foreach (var (snapshot, changes, expectedVersion) in commits)
        {
            var companyId = CompanyOf(snapshot.CorrelationKeys);
            if (requestContext.HasCompany && companyId != requestContext.CompanyId)
            {
                throw new InvalidOperationException($"An instance of another company cannot be written in the scope of company {requestContext.CompanyId}.");
            }

            var row = InstanceRow(snapshot, companyId);
            if (expectedVersion == 0)
            {
                started.Add(row);
            }
            else
            {
                stepped.Add((row, expectedVersion));
            }

            steps.Add((companyId, changes, changes.TasksCreated.Count == 0 ? null : AmountAtRiskOf(snapshot)));
        }

        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            // The instances first: a stale version stops the commit before any other row is written.
            var writer = new BulkWriter(db).Insert(started);
            var update = writer.UpdateIfToken(stepped, _steppedColumns);
            if ((await writer.ExecuteAsync(cancellationToken))[update] < stepped.Count)
            {
                throw new WorkflowConcurrencyException(stepped[0].Row.Id, (long)stepped[0].ExpectedVersion);
            }

            await QueueChangesAsync(writer, steps, cancellationToken);
            await writer.ExecuteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException) when (startedIds.Count > 0)
        {
            // Two starts of one derived id (a child started twice) collide on the primary key: the second lost.
            throw new WorkflowConcurrencyException(startedIds[0], 0);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async ValueTask<bool> HasRecordedMessageAsync(string messageId, CancellationToken cancellationToken) =>
        await db.ReceivedMessages.AsNoTracking().AnyAsync(m => m.MessageId == messageId, cancellationToken);

    public async ValueTask<bool> TryRecordMessageAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await InsertMessageIfNewAsync(messageId, at, cancellationToken) == 1;

    public async ValueTask AddPendingStimulusAsync(PendingStimulus pending, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        if (await db.PendingStimuli.IgnoreQueryFilters().AnyAsync(p => p.MessageId == pending.Stimulus.MessageId, cancellationToken))
        {
            // A redelivery after a crash: the stimulus is already queued.
            return;
        }

        db.PendingStimuli.Add(new PendingStimulusRow
        {
            MessageId = pending.Stimulus.MessageId,
            CompanyId = CompanyOf(pending.Stimulus.CorrelationKeys),
            EventName = pending.Stimulus.EventName,
            Data = Write(pending.Stimulus),
            ReceivedAt = pending.ReceivedAt,
            ExpiresAt = pending.ExpiresAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public async ValueTask<IReadOnlyList<PendingStimulus>> FindPendingStimuliAsync(Bookmark bookmark, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.PendingStimuli.IgnoreQueryFilters().Where(p => p.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var rows = await db.PendingStimuli.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.EventName == bookmark.EventName)
            .OrderBy(p => p.ReceivedAt)
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => new PendingStimulus(Read<Stimulus>(r.Data), r.ReceivedAt, r.ExpiresAt))
            .Where(p => bookmark.Matches(p.Stimulus))];
    }

    public async ValueTask RemovePendingStimulusAsync(string messageId, CancellationToken cancellationToken) =>
        await db.PendingStimuli.IgnoreQueryFilters().Where(p => p.MessageId == messageId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>The company a row belongs to: the instance's <c>company</c> correlation key, else the scope's company.</summary>
    internal Guid CompanyOf(IReadOnlyDictionary<string, string> correlationKeys) =>
        correlationKeys.TryGetValue(WorkflowCorrelation.CompanyKey, out var value) && Guid.TryParse(value, out var id) ? id : requestContext.CompanyId;

    internal static string Write<T>(T value) => JsonSerializer.Serialize(value, WorkflowJson.Options);

    internal static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, WorkflowJson.Options)!;

    private const int MaxIndexedCorrelationKeys = 6;

    private static List<string> KeySubsets(IReadOnlyDictionary<string, string> keys)
    {
        var all = keys.ToList();
        var subsets = new List<string>(1 << all.Count);
        for (var mask = 0; mask < 1 << all.Count; mask++)
        {
            subsets.Add(CanonicalKeys(all.Where((_, i) => (mask & (1 << i)) != 0).ToDictionary(p => p.Key, p => p.Value)));
        }

        return subsets;
    }

    private static string CanonicalKeys(IReadOnlyDictionary<string, string> keys) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(keys.ToDictionary(), StringComparer.Ordinal));

    private static readonly string[] _steppedColumns =
    [
        nameof(WorkflowInstanceRow.Snapshot), nameof(WorkflowInstanceRow.Version), nameof(WorkflowInstanceRow.Status),
        nameof(WorkflowInstanceRow.UpdatedAt), nameof(WorkflowInstanceRow.FinishedAt), nameof(WorkflowInstanceRow.DefinitionVersion),
    ];

    private static WorkflowInstanceRow InstanceRow(InstanceSnapshot snapshot, Guid companyId) => new()
    {
        Id = snapshot.InstanceId,
        CompanyId = companyId,
        DefinitionId = snapshot.DefinitionId,
        DefinitionVersion = snapshot.DefinitionVersion,
        Status = snapshot.Status.ToString(),
        Version = snapshot.Version,
        Snapshot = InstanceSnapshotSerializer.Serialize(snapshot),
        CorrelationKeys = CanonicalKeys(snapshot.CorrelationKeys),
        Customer = snapshot.CorrelationKeys.GetValueOrDefault(WorkflowCorrelation.CustomerKey),
        ParentInstanceId = snapshot.Parent?.InstanceId,
        CreatedAt = snapshot.CreatedAt,
        UpdatedAt = snapshot.UpdatedAt,
        FinishedAt = snapshot.FinishedAt,
    };

    /// <summary>
    /// Queues the index and append-only rows of every step. The consumed message id is kept in the instance's
    /// snapshot (the step refuses it twice); the message itself is recorded as handled by the publisher once
    /// every step it caused has committed.
    /// </summary>
    private async Task QueueChangesAsync(BulkWriter writer, IReadOnlyList<(Guid CompanyId, WorkflowChanges Changes, decimal? AmountAtRisk)> steps, CancellationToken cancellationToken)
    {
        var timersRemoved = steps.SelectMany(s => s.Changes.TimersRemoved).Select(id => (object)id).ToList();
        if (TimerFiring is { } firing)
        {
            timersRemoved.Add(firing);
            TimerFiring = null;
        }

        writer.DeleteByKeys<WorkflowBookmarkRow>([.. steps.SelectMany(s => s.Changes.BookmarksRemoved).Select(id => (object)id)]);
        writer.DeleteByKeys<WorkflowTimerRow>(timersRemoved);

        // Closing a task is rare (a completion, a timeout): one conditional update each, ahead of the batch.
        foreach (var closure in steps.SelectMany(s => s.Changes.TasksClosed))
        {
            var status = closure.Resolution switch
            {
                HumanTaskResolution.Completed => HumanTaskStatus.Completed,
                HumanTaskResolution.TimedOut => HumanTaskStatus.TimedOut,
                _ => HumanTaskStatus.Cancelled,
            };
            await db.HumanTasks.IgnoreQueryFilters()
                .Where(t => t.Id == closure.TaskId && t.Status == HumanTaskStatus.Open)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(t => t.Status, status)
                        .SetProperty(t => t.Outcome, closure.Outcome)
                        .SetProperty(t => t.ClosedBy, closure.ClosedBy ?? closure.Reason)
                        .SetProperty(t => t.ClosedAt, closure.At),
                    cancellationToken);
        }

        var scoreDays = new Dictionary<Guid, DateOnly>();
        foreach (var companyId in steps.Where(s => s.Changes.TasksCreated.Count > 0).Select(s => s.CompanyId).Distinct())
        {
            scoreDays[companyId] = companyToday is null ? DateOnly.MinValue : await companyToday.TodayAsync(companyId, cancellationToken);
        }

        writer.Insert([.. steps.SelectMany(s => s.Changes.BookmarksAdded.Select(b => BookmarkRow(b, s.CompanyId)))])
            .Insert([.. steps.SelectMany(s => s.Changes.TimersAdded.Select(t => TimerRow(t, s.CompanyId)))])
            .Insert([.. steps.SelectMany(s => s.Changes.TasksCreated.Select(t => TaskRow(t, s.CompanyId, s.AmountAtRisk, scoreDays[s.CompanyId])))])
            .Insert([.. steps.SelectMany(s => s.Changes.Journal.Select(j => JournalRow(j, s.CompanyId)))])
            .Insert([.. steps.SelectMany(s => s.Changes.Incidents.Select(i => IncidentRow(i, s.CompanyId)))])

            // A retry of the same pass asks for the same keys again: the first request stands.
            .Insert([.. steps.SelectMany(s => s.Changes.Effects.Select(e => EffectRow(e, s.CompanyId))).DistinctBy(e => e.IdempotencyKey)], skipExisting: true);
    }

    private static EffectCommandRow EffectRow(EffectCommand effect, Guid companyId) => new()
    {
        IdempotencyKey = effect.IdempotencyKey,
        InstanceId = effect.InstanceId,
        CompanyId = companyId,
        ActivityId = effect.ActivityId,
        EffectType = effect.EffectType,
        Payload = effect.Payload.GetRawText(),
        RequestedAt = effect.RequestedAt,
        Status = EffectStatus.Pending,
    };

    private static WorkflowBookmarkRow BookmarkRow(Bookmark b, Guid companyId) => new()
    {
        Id = b.Id,
        InstanceId = b.InstanceId,
        CompanyId = companyId,
        EventName = b.EventName,
        CorrelationKeys = CanonicalKeys(b.CorrelationKeys),
        Data = Write(b),
        CreatedAt = b.CreatedAt,
    };

    private static WorkflowTimerRow TimerRow(WorkflowTimer t, Guid companyId) => new()
    {
        Id = t.Id,
        InstanceId = t.InstanceId,
        CompanyId = companyId,
        DueAt = t.DueAt,
        Data = Write(t),
    };

    /// <summary>The variable <c>amountAtRisk</c>, else the input of that name: a money's amount or a number.</summary>
    internal static decimal? AmountAtRiskOf(InstanceSnapshot snapshot)
    {
        var value = snapshot.Variables.GetValueOrDefault(AmountAtRiskName) ?? snapshot.Inputs.GetValueOrDefault(AmountAtRiskName);
        return value switch
        {
            Money money => money.Amount,
            decimal number => number,
            _ => null,
        };
    }

    public const string AmountAtRiskName = "amountAtRisk";

    private static HumanTaskRow TaskRow(HumanTask t, Guid companyId, decimal? amountAtRisk, DateOnly scoreDay) => new()
    {
        AmountAtRisk = amountAtRisk,
        Score = TaskScores.On(amountAtRisk, t.DueDate, scoreDay),
        ScoreDay = scoreDay,
        Id = t.Id,
        InstanceId = t.InstanceId,
        CompanyId = companyId,
        ActivityId = t.ActivityId,
        Title = t.Title,
        Role = t.Role,
        Assignee = t.Assignee,
        DueDate = t.DueDate,
        Priority = t.Priority.ToString(),
        Status = HumanTaskStatus.Open,
        CreatedAt = t.CreatedAt,
        Data = Write(t),
    };

    private static WorkflowJournalRow JournalRow(JournalEntry j, Guid companyId) => new()
    {
        InstanceId = j.InstanceId,
        Sequence = j.Sequence,
        CompanyId = companyId,
        At = j.At,
        Kind = j.Kind.ToString(),
        ActivityId = j.ActivityId,
        Port = j.Port is { Length: > 400 } port ? port[..400] : j.Port,
        Data = Write(j),
    };

    private static WorkflowIncidentRow IncidentRow(Incident i, Guid companyId) => new()
    {
        Id = i.Id,
        InstanceId = i.InstanceId,
        CompanyId = companyId,
        ActivityId = i.ActivityId,
        At = i.At,
        Data = Write(i),
    };

    private Task<int> InsertMessageIfNewAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // ON CONFLICT DO NOTHING is the same on SQLite and PostgreSQL; the affected row count says whether it was new.
        // The table name comes from the model, never from input; the values are parameters.
        object received = db.IsSqlite ? at.UtcTicks : at.ToUniversalTime();
        var sql = "INSERT INTO " + db.QualifiedTable<ReceivedMessageRow>() + " (message_id, received_at) VALUES ({0}, {1}) ON CONFLICT (message_id) DO NOTHING";
        return db.Database.ExecuteSqlRawAsync(sql, [messageId, received], cancellationToken);
    }
}

/// <summary>Correlation keys the durable host reads.</summary>
public static class WorkflowCorrelation
{
    /// <summary>The company an instance works for (a Guid); its rows carry it as CompanyId.</summary>
    public const string CompanyKey = "company";

    /// <summary>The customer account an instance works on: the inbox and the instance search filter on it.</summary>
    public const string CustomerKey = "customer";
}
