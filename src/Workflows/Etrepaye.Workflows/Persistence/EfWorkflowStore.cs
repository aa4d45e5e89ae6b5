using System.Text.Json;
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
    RequestContext requestContext) : IWorkflowStore
{
    /// <summary>
    /// The timer row a worker is firing in this scope: the next commit (the timer's step) deletes it in the
    /// same transaction, whether or not the step lists it among the timers it removes.
    /// </summary>
    public Guid? TimerFiring { get; set; }

    public async ValueTask<InstanceSnapshot?> FindInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var row = await db.Instances.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var definition = definitions.Find(row.DefinitionId, row.DefinitionVersion)
            ?? throw new KeyNotFoundException($"The instance {instanceId} runs {row.DefinitionId} v{row.DefinitionVersion}, which is not available.");
        return InstanceSnapshotSerializer.Deserialize(row.Snapshot, definition) with { Version = row.Version };
    }

    public async ValueTask<IReadOnlyList<Guid>> FindInstancesWaitingForAsync(Stimulus stimulus, CancellationToken cancellationToken)
    {
        var rows = await db.Bookmarks.IgnoreQueryFilters().AsNoTracking()
            .Where(b => b.EventName == stimulus.EventName)
            .OrderBy(b => b.CreatedAt)
            .Select(b => b.Data)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(Read<Bookmark>).Where(b => b.Matches(stimulus)).Select(b => b.InstanceId).Distinct()];
    }

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

    public async ValueTask CommitAsync(InstanceSnapshot snapshot, WorkflowChanges changes, long expectedVersion, CancellationToken cancellationToken)
    {
        var companyId = CompanyOf(snapshot.CorrelationKeys);
        var json = InstanceSnapshotSerializer.Serialize(snapshot);
        var status = snapshot.Status.ToString();
        if (expectedVersion == 0 && await db.Instances.IgnoreQueryFilters().AnyAsync(i => i.Id == snapshot.InstanceId, cancellationToken))
        {
            throw new WorkflowConcurrencyException(snapshot.InstanceId, expectedVersion);
        }

        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (expectedVersion == 0)
            {
                db.Instances.Add(new WorkflowInstanceRow
                {
                    Id = snapshot.InstanceId,
                    CompanyId = companyId,
                    DefinitionId = snapshot.DefinitionId,
                    DefinitionVersion = snapshot.DefinitionVersion,
                    Status = status,
                    Version = snapshot.Version,
                    Snapshot = json,
                    CorrelationKeys = CanonicalKeys(snapshot.CorrelationKeys),
                    ParentInstanceId = snapshot.Parent?.InstanceId,
                    CreatedAt = snapshot.CreatedAt,
                    UpdatedAt = snapshot.UpdatedAt,
                    FinishedAt = snapshot.FinishedAt,
                });
                await db.SaveChangesAsync(cancellationToken);
            }
            else
            {
                var updated = await db.Instances.IgnoreQueryFilters()
                    .Where(i => i.Id == snapshot.InstanceId && i.Version == expectedVersion)
                    .ExecuteUpdateAsync(
                        set => set.SetProperty(i => i.Snapshot, json)
                            .SetProperty(i => i.Version, snapshot.Version)
                            .SetProperty(i => i.Status, status)
                            .SetProperty(i => i.UpdatedAt, snapshot.UpdatedAt)
                            .SetProperty(i => i.FinishedAt, snapshot.FinishedAt),
                        cancellationToken);
                if (updated == 0)
                {
                    throw new WorkflowConcurrencyException(snapshot.InstanceId, expectedVersion);
                }
            }

            await ApplyChangesAsync(snapshot, changes, companyId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (expectedVersion == 0)
        {
            // Two starts of one derived id (a child started twice) collide on the primary key: the second lost.
            throw new WorkflowConcurrencyException(snapshot.InstanceId, expectedVersion);
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

    private static string CanonicalKeys(IReadOnlyDictionary<string, string> keys) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(keys.ToDictionary(), StringComparer.Ordinal));

    private async Task ApplyChangesAsync(InstanceSnapshot snapshot, WorkflowChanges changes, Guid companyId, CancellationToken cancellationToken)
    {
        if (changes.BookmarksRemoved.Count > 0)
        {
            var ids = changes.BookmarksRemoved.ToList();
            await db.Bookmarks.IgnoreQueryFilters().Where(b => ids.Contains(b.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        var timersRemoved = changes.TimersRemoved.ToList();
        if (TimerFiring is { } firing)
        {
            timersRemoved.Add(firing);
            TimerFiring = null;
        }

        if (timersRemoved.Count > 0)
        {
            var ids = timersRemoved;
            await db.Timers.IgnoreQueryFilters().Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        foreach (var closure in changes.TasksClosed)
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

        db.Bookmarks.AddRange(changes.BookmarksAdded.Select(b => new WorkflowBookmarkRow
        {
            Id = b.Id,
            InstanceId = b.InstanceId,
            CompanyId = companyId,
            EventName = b.EventName,
            CorrelationKeys = CanonicalKeys(b.CorrelationKeys),
            Data = Write(b),
            CreatedAt = b.CreatedAt,
        }));
        db.Timers.AddRange(changes.TimersAdded.Select(t => new WorkflowTimerRow
        {
            Id = t.Id,
            InstanceId = t.InstanceId,
            CompanyId = companyId,
            DueAt = t.DueAt,
            Data = Write(t),
        }));
        db.HumanTasks.AddRange(changes.TasksCreated.Select(t => new HumanTaskRow
        {
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
        }));
        db.Journal.AddRange(changes.Journal.Select(j => new WorkflowJournalRow
        {
            InstanceId = j.InstanceId,
            Sequence = j.Sequence,
            CompanyId = companyId,
            At = j.At,
            Kind = j.Kind.ToString(),
            ActivityId = j.ActivityId,
            Port = j.Port is { Length: > 400 } port ? port[..400] : j.Port,
            Data = Write(j),
        }));
        db.Incidents.AddRange(changes.Incidents.Select(i => new WorkflowIncidentRow
        {
            Id = i.Id,
            InstanceId = i.InstanceId,
            CompanyId = companyId,
            ActivityId = i.ActivityId,
            At = i.At,
            Data = Write(i),
        }));

        if (changes.Effects.Count > 0)
        {
            // A retry of the same pass asks for the same keys again: the first request stands.
            var keys = changes.Effects.Select(e => e.IdempotencyKey).ToList();
            var existing = (await db.Effects.IgnoreQueryFilters().Where(e => keys.Contains(e.IdempotencyKey)).Select(e => e.IdempotencyKey).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var effect in changes.Effects.Where(e => existing.Add(e.IdempotencyKey)))
            {
                db.Effects.Add(new EffectCommandRow
                {
                    IdempotencyKey = effect.IdempotencyKey,
                    InstanceId = effect.InstanceId,
                    CompanyId = companyId,
                    ActivityId = effect.ActivityId,
                    EffectType = effect.EffectType,
                    Payload = effect.Payload.GetRawText(),
                    RequestedAt = effect.RequestedAt,
                    Status = EffectStatus.Pending,
                });
            }
        }

        // The consumed message id is kept in the instance's snapshot (the step refuses it twice); the message itself
        // is recorded as handled by the publisher once every step it caused has committed.
        await db.SaveChangesAsync(cancellationToken);
    }

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
}
