using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Workflows;

/// <summary>The durable engine on the provider under test (SQLite, or PostgreSQL with ETREPAYE_TEST_PROVIDER=postgres).</summary>
public sealed class DurableWorkflowTests : DurableEngineTest
{
    [Fact]
    public async Task DurableScenario_WhenTimerEventTaskAndChildComplete_RunsToTheEndFromTheDatabase()
    {
        var id = await Host.StartAsync("durable-dunning", "F-1");

        (await Host.RunTimersAsync()).ShouldBe(0);
        (await Host.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync(t => t.InstanceId == id))).ShouldBe(1);

        Host.Clock.Advance(TimeSpan.FromDays(1));
        (await Host.RunTimersAsync()).ShouldBe(1);
        (await Host.PathAsync(id)).ShouldBe(["waitDay:Done"]);

        (await Host.PublishAsync("InvoicePaid", "F-1")).Status.ShouldBe(PublishStatus.Delivered);
        var task = await Host.QueryAsync(db => db.HumanTasks.IgnoreQueryFilters().SingleAsync(t => t.InstanceId == id));
        task.Status.ShouldBe(HumanTaskStatus.Open);
        task.CompanyId.ShouldBe(WorkflowTestHost.CompanyId);
        (await Host.RunEffectsAsync()).ShouldBe(1);
        Log.Calls.ShouldBe(new Dictionary<string, int> { [$"{id}:letter:1"] = 1 });

        await Host.InScopeAsync((host, _) => host.CompleteTaskAsync(task.Id, "Promised", new Dictionary<string, object?>(), "alice", CancellationToken.None));
        var child = await Host.QueryAsync(db => db.Instances.IgnoreQueryFilters().SingleAsync(i => i.ParentInstanceId == id));
        child.Status.ShouldBe(nameof(InstanceStatus.Running));

        Host.Clock.Advance(TimeSpan.FromDays(1));
        (await Host.RunTimersAsync()).ShouldBeGreaterThanOrEqualTo(1);

        var parent = await Host.InstanceAsync(id);
        parent.Status.ShouldBe(InstanceStatus.Completed);
        parent.Outcome.ShouldBe("Completed");
        (await Host.InstanceAsync(child.Id)).Outcome.ShouldBe("Checked");
        (await Host.PathAsync(id)).ShouldBe(["waitDay:Done", "waitPaid:Received", "letter:Done", "call:Promised", "check:Done", "done:"]);
        (await Host.QueryAsync(db => db.HumanTasks.IgnoreQueryFilters().SingleAsync(t => t.Id == task.Id))).Status.ShouldBe(HumanTaskStatus.Completed);
        (await Host.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync())).ShouldBe(0);
        (await Host.QueryAsync(db => db.Bookmarks.IgnoreQueryFilters().CountAsync(b => b.InstanceId == id || b.InstanceId == child.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task EventHandler_WhenEventInterruptsAWait_CancelsTheWaitAndGoesToItsActivity()
    {
        var id = await Host.StartAsync("durable-dunning", "F-2");
        Host.Clock.Advance(TimeSpan.FromDays(1));
        await Host.RunTimersAsync();

        (await Host.PublishAsync("DisputeOpened", "F-2")).Status.ShouldBe(PublishStatus.Delivered);

        var instance = await Host.InstanceAsync(id);
        instance.Outcome.ShouldBe("Disputed");
        (await Host.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync(t => t.InstanceId == id))).ShouldBe(0);
        Host.Clock.Advance(TimeSpan.FromDays(20));
        (await Host.RunTimersAsync()).ShouldBe(0);
        (await Host.InstanceAsync(id)).Version.ShouldBe(instance.Version);
    }

    [Fact]
    public async Task Publish_WhenStimulusArrivesBeforeItsBookmark_ResumesTheInstanceOnceTheBookmarkExists()
    {
        var id = await Host.StartAsync("wait-then-go", "F-3");

        (await Host.PublishAsync("Go", "F-3", "early-go")).Status.ShouldBe(PublishStatus.Queued);
        (await Host.QueryAsync(db => db.PendingStimuli.IgnoreQueryFilters().CountAsync())).ShouldBe(1);

        Host.Clock.Advance(TimeSpan.FromDays(1));
        await Host.RunTimersAsync();

        (await Host.InstanceAsync(id)).Outcome.ShouldBe("Went");
        (await Host.QueryAsync(db => db.PendingStimuli.IgnoreQueryFilters().CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Publish_WhenSameStimulusArrivesTwice_ResumesTheInstanceOnce()
    {
        var id = await Host.StartAsync("wait-then-go", "F-4");
        Host.Clock.Advance(TimeSpan.FromDays(1));
        await Host.RunTimersAsync();
        var before = (await Host.InstanceAsync(id)).Version;

        (await Host.PublishAsync("Go", "F-4", "go-once")).Status.ShouldBe(PublishStatus.Delivered);
        (await Host.PublishAsync("Go", "F-4", "go-once")).Status.ShouldBe(PublishStatus.Duplicate);

        var instance = await Host.InstanceAsync(id);
        instance.Outcome.ShouldBe("Went");
        instance.Version.ShouldBe(before + 1);
    }

    [Fact]
    public async Task Publish_WhenRedeliveredAfterACrashThatFollowedTheFirstStep_ResumesTheOthersAndNotTheFirstAgain()
    {
        var first = await Host.StartAsync("wait-then-go", "F-9");
        var second = await Host.StartAsync("wait-then-go", "F-9");
        Host.Clock.Advance(TimeSpan.FromDays(1));
        await Host.RunTimersAsync();
        var firstVersion = (await Host.InstanceAsync(first)).Version;

        // The first delivery stepped one instance, then the process died before the rest and before the message was recorded.
        var (step, version) = await StepOnLoadedVersionAsync(first, _ => new StimulusDelivered(new Stimulus("Go", WorkflowTestHost.Keys("F-9"), "go-crash")));
        await Host.InScopeAsync(async (_, provider) =>
        {
            await provider.GetRequiredService<IWorkflowStore>().CommitAsync(step.Snapshot, step.Changes, version, CancellationToken.None);
            return true;
        });
        var redelivered = await Host.PublishAsync("Go", "F-9", "go-crash");
        var again = await Host.PublishAsync("Go", "F-9", "go-crash");

        redelivered.Status.ShouldBe(PublishStatus.Delivered);
        redelivered.ResumedInstances.ShouldBe([second]);
        again.Status.ShouldBe(PublishStatus.Duplicate);
        (await Host.InstanceAsync(first)).Version.ShouldBe(firstVersion + 1);
        (await Host.InstanceAsync(first)).Outcome.ShouldBe("Went");
        (await Host.InstanceAsync(second)).Outcome.ShouldBe("Went");
    }

    [Fact]
    public async Task Commit_WhenTimerAndStimulusRaceOnOneInstance_OnlyOneStepCommits()
    {
        var id = await Host.StartAsync("wait-then-go", "F-5");
        Host.Clock.Advance(TimeSpan.FromDays(1));
        await Host.RunTimersAsync();
        Host.Clock.Advance(TimeSpan.FromDays(1));

        // Both steps are computed on the same loaded version; the database lets only the first commit.
        var (timerStep, timerVersion) = await StepOnLoadedVersionAsync(id, snapshot => new TimerDue(snapshot.Timers.Single().Id));
        var (stimulusStep, stimulusVersion) = await StepOnLoadedVersionAsync(id, _ => new StimulusDelivered(new Stimulus("Go", WorkflowTestHost.Keys("F-5"), "race-go")));
        timerStep.Applied.ShouldBeTrue();
        stimulusStep.Applied.ShouldBeTrue();

        await Host.InScopeAsync(async (_, provider) =>
        {
            await provider.GetRequiredService<IWorkflowStore>().CommitAsync(timerStep.Snapshot, timerStep.Changes, timerVersion, CancellationToken.None);
            return true;
        });
        await Should.ThrowAsync<WorkflowConcurrencyException>(() => Host.InScopeAsync(async (_, provider) =>
        {
            await provider.GetRequiredService<IWorkflowStore>().CommitAsync(stimulusStep.Snapshot, stimulusStep.Changes, stimulusVersion, CancellationToken.None);
            return true;
        }));

        var instance = await Host.InstanceAsync(id);
        instance.Outcome.ShouldBe("TimedOut");
        instance.Version.ShouldBe(timerVersion + 1);
        (await Host.PathAsync(id)).ShouldBe(["waitDay:Done", "waitGo:Timeout", "timedOut:"]);
    }

    [Fact]
    public async Task TimerWorker_WhenTimerAndStimulusRunConcurrently_AdvancesTheInstanceOnce()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await Host.StartAsync("wait-then-go", $"R-{i}"));
        }

        Host.Clock.Advance(TimeSpan.FromDays(1));
        await Host.RunTimersAsync();
        Host.Clock.Advance(TimeSpan.FromDays(1));

        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < ids.Count; i++)
            {
                await Host.PublishAsync("Go", $"R-{i}", $"race-{i}");
            }
        });
        var firing = Task.Run(Host.RunTimersAsync);
        await Task.WhenAll(publishing, firing);
        await Host.RunTimersAsync();

        foreach (var id in ids)
        {
            var path = await Host.PathAsync(id);
            path.Count.ShouldBe(3);
            path[0].ShouldBe("waitDay:Done");
            path[1].ShouldBeOneOf("waitGo:Received", "waitGo:Timeout");
            path[2].ShouldBe(path[1] == "waitGo:Received" ? "went:" : "timedOut:");
            (await Host.InstanceAsync(id)).Status.ShouldBe(InstanceStatus.Completed);
        }

        (await Host.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task EffectDispatcher_WhenHandlerFailsThenSucceeds_RetriesWithBackoffAndRecordsTheResult()
    {
        var id = await Host.StartAsync("burst", "E-1");
        Host.Clock.Advance(TimeSpan.FromDays(1));
        await Host.RunTimersAsync();
        var key = $"{id}:letter:1";
        Log.FailuresToCome[key] = 1;

        (await Host.RunEffectsAsync()).ShouldBe(1);
        var failed = await Host.QueryAsync(db => db.Effects.IgnoreQueryFilters().AsNoTracking().SingleAsync(e => e.IdempotencyKey == key));
        failed.Status.ShouldBe(EffectStatus.Pending);
        failed.Attempts.ShouldBe(1);
        failed.LastError.ShouldNotBeNull().ShouldContain("printer is offline");
        (await Host.RunEffectsAsync()).ShouldBe(0);

        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        (await Host.RunEffectsAsync()).ShouldBe(1);
        var sent = await Host.QueryAsync(db => db.Effects.IgnoreQueryFilters().AsNoTracking().SingleAsync(e => e.IdempotencyKey == key));
        sent.Status.ShouldBe(EffectStatus.Succeeded);
        sent.Attempts.ShouldBe(2);
        sent.Result.ShouldNotBeNull().ShouldContain(key);
        Log.Calls[key].ShouldBe(2);
        (await Host.RunEffectsAsync()).ShouldBe(0);
    }

    private Task<(StepResult Step, long Version)> StepOnLoadedVersionAsync(Guid id, Func<InstanceSnapshot, WorkflowInput> input) =>
        Host.InScopeAsync(async (_, provider) =>
        {
            var snapshot = (await provider.GetRequiredService<IWorkflowStore>().FindInstanceAsync(id, CancellationToken.None))!;
            var definition = provider.GetRequiredService<IWorkflowDefinitionProvider>().Find(snapshot.DefinitionId, snapshot.DefinitionVersion)!;
            var step = await provider.GetRequiredService<WorkflowRuntime>().HandleAsync(definition, snapshot, input(snapshot), CancellationToken.None);
            return (step, snapshot.Version);
        });
}
