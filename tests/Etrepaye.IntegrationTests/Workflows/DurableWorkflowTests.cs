using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Workflows;

/// <summary>The durable engine on the provider under test (SQLite, or PostgreSQL with ETREPAYE_TEST_PROVIDER=postgres).</summary>
public sealed class DurableWorkflowTests : IAsyncLifetime
{
    private readonly EffectLog _log = new();
    private TestDatabase _database = null!;
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = new WorkflowTestHost(_database, new ManualClock(WorkflowTestHost.Start), _log, Definitions.All);
        await _host.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task DurableScenario_WhenTimerEventTaskAndChildComplete_RunsToTheEndFromTheDatabase()
    {
        var id = await _host.StartAsync("durable-dunning", "F-1");

        (await _host.RunTimersAsync()).ShouldBe(0);
        (await _host.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync(t => t.InstanceId == id))).ShouldBe(1);

        _host.Clock.Advance(TimeSpan.FromDays(1));
        (await _host.RunTimersAsync()).ShouldBe(1);
        (await _host.PathAsync(id)).ShouldBe(["waitDay:Done"]);

        (await _host.PublishAsync("InvoicePaid", "F-1")).Status.ShouldBe(PublishStatus.Delivered);
        var task = await _host.QueryAsync(db => db.HumanTasks.IgnoreQueryFilters().SingleAsync(t => t.InstanceId == id));
        task.Status.ShouldBe(HumanTaskStatus.Open);
        task.CompanyId.ShouldBe(WorkflowTestHost.CompanyId);
        (await _host.RunEffectsAsync()).ShouldBe(1);
        _log.Calls.ShouldBe(new Dictionary<string, int> { [$"{id}:letter:1"] = 1 });

        await _host.InScopeAsync((host, _) => host.CompleteTaskAsync(task.Id, "Promised", new Dictionary<string, object?>(), "alice", CancellationToken.None));
        var child = await _host.QueryAsync(db => db.Instances.IgnoreQueryFilters().SingleAsync(i => i.ParentInstanceId == id));
        child.Status.ShouldBe(nameof(InstanceStatus.Running));

        _host.Clock.Advance(TimeSpan.FromDays(1));
        (await _host.RunTimersAsync()).ShouldBeGreaterThanOrEqualTo(1);

        var parent = await _host.InstanceAsync(id);
        parent.Status.ShouldBe(InstanceStatus.Completed);
        parent.Outcome.ShouldBe("Completed");
        (await _host.InstanceAsync(child.Id)).Outcome.ShouldBe("Checked");
        (await _host.PathAsync(id)).ShouldBe(["waitDay:Done", "waitPaid:Received", "letter:Done", "call:Promised", "check:Done", "done:"]);
        (await _host.QueryAsync(db => db.HumanTasks.IgnoreQueryFilters().SingleAsync(t => t.Id == task.Id))).Status.ShouldBe(HumanTaskStatus.Completed);
        (await _host.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync())).ShouldBe(0);
        (await _host.QueryAsync(db => db.Bookmarks.IgnoreQueryFilters().CountAsync(b => b.InstanceId == id || b.InstanceId == child.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task EventHandler_WhenEventInterruptsAWait_CancelsTheWaitAndGoesToItsActivity()
    {
        var id = await _host.StartAsync("durable-dunning", "F-2");
        _host.Clock.Advance(TimeSpan.FromDays(1));
        await _host.RunTimersAsync();

        (await _host.PublishAsync("DisputeOpened", "F-2")).Status.ShouldBe(PublishStatus.Delivered);

        var instance = await _host.InstanceAsync(id);
        instance.Outcome.ShouldBe("Disputed");
        (await _host.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync(t => t.InstanceId == id))).ShouldBe(0);
        _host.Clock.Advance(TimeSpan.FromDays(20));
        (await _host.RunTimersAsync()).ShouldBe(0);
        (await _host.InstanceAsync(id)).Version.ShouldBe(instance.Version);
    }

    [Fact]
    public async Task Publish_WhenStimulusArrivesBeforeItsBookmark_ResumesTheInstanceOnceTheBookmarkExists()
    {
        var id = await _host.StartAsync("wait-then-go", "F-3");

        (await _host.PublishAsync("Go", "F-3", "early-go")).Status.ShouldBe(PublishStatus.Queued);
        (await _host.QueryAsync(db => db.PendingStimuli.IgnoreQueryFilters().CountAsync())).ShouldBe(1);

        _host.Clock.Advance(TimeSpan.FromDays(1));
        await _host.RunTimersAsync();

        (await _host.InstanceAsync(id)).Outcome.ShouldBe("Went");
        (await _host.QueryAsync(db => db.PendingStimuli.IgnoreQueryFilters().CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Publish_WhenSameStimulusArrivesTwice_ResumesTheInstanceOnce()
    {
        var id = await _host.StartAsync("wait-then-go", "F-4");
        _host.Clock.Advance(TimeSpan.FromDays(1));
        await _host.RunTimersAsync();
        var before = (await _host.InstanceAsync(id)).Version;

        (await _host.PublishAsync("Go", "F-4", "go-once")).Status.ShouldBe(PublishStatus.Delivered);
        (await _host.PublishAsync("Go", "F-4", "go-once")).Status.ShouldBe(PublishStatus.Duplicate);

        var instance = await _host.InstanceAsync(id);
        instance.Outcome.ShouldBe("Went");
        instance.Version.ShouldBe(before + 1);
    }

    [Fact]
    public async Task Publish_WhenRedeliveredAfterACrashThatFollowedTheFirstStep_ResumesTheOthersAndNotTheFirstAgain()
    {
        var first = await _host.StartAsync("wait-then-go", "F-9");
        var second = await _host.StartAsync("wait-then-go", "F-9");
        _host.Clock.Advance(TimeSpan.FromDays(1));
        await _host.RunTimersAsync();
        var firstVersion = (await _host.InstanceAsync(first)).Version;

        // The first delivery stepped one instance, then the process died before the rest and before the message was recorded.
        var (step, version) = await StepOnLoadedVersionAsync(first, _ => new StimulusDelivered(new Stimulus("Go", WorkflowTestHost.Keys("F-9"), "go-crash")));
        await _host.InScopeAsync(async (_, provider) =>
        {
            await provider.GetRequiredService<IWorkflowStore>().CommitAsync(step.Snapshot, step.Changes, version, CancellationToken.None);
            return true;
        });
        var redelivered = await _host.PublishAsync("Go", "F-9", "go-crash");
        var again = await _host.PublishAsync("Go", "F-9", "go-crash");

        redelivered.Status.ShouldBe(PublishStatus.Delivered);
        redelivered.ResumedInstances.ShouldBe([second]);
        again.Status.ShouldBe(PublishStatus.Duplicate);
        (await _host.InstanceAsync(first)).Version.ShouldBe(firstVersion + 1);
        (await _host.InstanceAsync(first)).Outcome.ShouldBe("Went");
        (await _host.InstanceAsync(second)).Outcome.ShouldBe("Went");
    }

    [Fact]
    public async Task Commit_WhenTimerAndStimulusRaceOnOneInstance_OnlyOneStepCommits()
    {
        var id = await _host.StartAsync("wait-then-go", "F-5");
        _host.Clock.Advance(TimeSpan.FromDays(1));
        await _host.RunTimersAsync();
        _host.Clock.Advance(TimeSpan.FromDays(1));

        // Both steps are computed on the same loaded version; the database lets only the first commit.
        var (timerStep, timerVersion) = await StepOnLoadedVersionAsync(id, snapshot => new TimerDue(snapshot.Timers.Single().Id));
        var (stimulusStep, stimulusVersion) = await StepOnLoadedVersionAsync(id, _ => new StimulusDelivered(new Stimulus("Go", WorkflowTestHost.Keys("F-5"), "race-go")));
        timerStep.Applied.ShouldBeTrue();
        stimulusStep.Applied.ShouldBeTrue();

        await _host.InScopeAsync(async (_, provider) =>
        {
            await provider.GetRequiredService<IWorkflowStore>().CommitAsync(timerStep.Snapshot, timerStep.Changes, timerVersion, CancellationToken.None);
            return true;
        });
        await Should.ThrowAsync<WorkflowConcurrencyException>(() => _host.InScopeAsync(async (_, provider) =>
        {
            await provider.GetRequiredService<IWorkflowStore>().CommitAsync(stimulusStep.Snapshot, stimulusStep.Changes, stimulusVersion, CancellationToken.None);
            return true;
        }));

        var instance = await _host.InstanceAsync(id);
        instance.Outcome.ShouldBe("TimedOut");
        instance.Version.ShouldBe(timerVersion + 1);
        (await _host.PathAsync(id)).ShouldBe(["waitDay:Done", "waitGo:Timeout", "timedOut:"]);
    }

    [Fact]
    public async Task TimerWorker_WhenTimerAndStimulusRunConcurrently_AdvancesTheInstanceOnce()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await _host.StartAsync("wait-then-go", $"R-{i}"));
        }

        _host.Clock.Advance(TimeSpan.FromDays(1));
        await _host.RunTimersAsync();
        _host.Clock.Advance(TimeSpan.FromDays(1));

        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < ids.Count; i++)
            {
                await _host.PublishAsync("Go", $"R-{i}", $"race-{i}");
            }
        });
        var firing = Task.Run(_host.RunTimersAsync);
        await Task.WhenAll(publishing, firing);
        await _host.RunTimersAsync();

        foreach (var id in ids)
        {
            var path = await _host.PathAsync(id);
            path.Count.ShouldBe(3);
            path[0].ShouldBe("waitDay:Done");
            path[1].ShouldBeOneOf("waitGo:Received", "waitGo:Timeout");
            path[2].ShouldBe(path[1] == "waitGo:Received" ? "went:" : "timedOut:");
            (await _host.InstanceAsync(id)).Status.ShouldBe(InstanceStatus.Completed);
        }

        (await _host.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task EffectDispatcher_WhenHandlerFailsThenSucceeds_RetriesWithBackoffAndRecordsTheResult()
    {
        var id = await _host.StartAsync("burst", "E-1");
        _host.Clock.Advance(TimeSpan.FromDays(1));
        await _host.RunTimersAsync();
        var key = $"{id}:letter:1";
        _log.FailuresToCome[key] = 1;

        (await _host.RunEffectsAsync()).ShouldBe(1);
        var failed = await _host.QueryAsync(db => db.Effects.IgnoreQueryFilters().AsNoTracking().SingleAsync(e => e.IdempotencyKey == key));
        failed.Status.ShouldBe(EffectStatus.Pending);
        failed.Attempts.ShouldBe(1);
        failed.LastError.ShouldNotBeNull().ShouldContain("printer is offline");
        (await _host.RunEffectsAsync()).ShouldBe(0);

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        (await _host.RunEffectsAsync()).ShouldBe(1);
        var sent = await _host.QueryAsync(db => db.Effects.IgnoreQueryFilters().AsNoTracking().SingleAsync(e => e.IdempotencyKey == key));
        sent.Status.ShouldBe(EffectStatus.Succeeded);
        sent.Attempts.ShouldBe(2);
        sent.Result.ShouldNotBeNull().ShouldContain(key);
        _log.Calls[key].ShouldBe(2);
        (await _host.RunEffectsAsync()).ShouldBe(0);
    }

    private Task<(StepResult Step, long Version)> StepOnLoadedVersionAsync(Guid id, Func<InstanceSnapshot, WorkflowInput> input) =>
        _host.InScopeAsync(async (_, provider) =>
        {
            var snapshot = (await provider.GetRequiredService<IWorkflowStore>().FindInstanceAsync(id, CancellationToken.None))!;
            var definition = provider.GetRequiredService<IWorkflowDefinitionProvider>().Find(snapshot.DefinitionId, snapshot.DefinitionVersion)!;
            var step = await provider.GetRequiredService<WorkflowRuntime>().HandleAsync(definition, snapshot, input(snapshot), CancellationToken.None);
            return (step, snapshot.Version);
        });
}
