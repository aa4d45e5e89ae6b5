using System.Diagnostics;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Etrepaye.IntegrationTests.Workflows;

/// <summary>Two engines (two service providers, as two host processes would be) sharing one database.</summary>
public sealed class ScaleOutTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Instances = 2_000;
    private readonly EffectLog _log = new();
    private readonly ManualClock _clock = new(WorkflowTestHost.Start);
    private TestDatabase _database = null!;
    private WorkflowTestHost _first = null!;
    private WorkflowTestHost _second = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        // Claims of 100 timers (the default takes 1,000): each engine needs many claims, so both get a share of the work.
        var settings = new Dictionary<string, string?> { ["Workflows:TimerBatchSize"] = "100" };
        _first = new WorkflowTestHost(_database, _clock, _log, settings, Definitions.All);
        _second = new WorkflowTestHost(_database, _clock, _log, settings, Definitions.All);
        await _first.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TimerWorkers_WhenTwoEnginesShareTwoThousandDueTimers_FireEachTimerOnceAndDispatchEachEffectOnce()
    {
        var ids = new List<Guid>(Instances);
        for (var i = 0; i < Instances; i++)
        {
            ids.Add(await (i % 2 == 0 ? _first : _second).StartAsync("burst", $"B-{i}"));
        }

        _clock.Advance(TimeSpan.FromDays(1));
        var watch = Stopwatch.StartNew();
        // Neither engine starts claiming before both are running: on a loaded machine one could otherwise take every timer alone.
        var bothRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        async Task<int> RunTogetherAsync(Func<Task<int>> runTimers)
        {
            if (Interlocked.Increment(ref running) == 2)
            {
                bothRunning.SetResult();
            }

            await bothRunning.Task;
            return await runTimers();
        }

        var fired = await Task.WhenAll(Task.Run(() => RunTogetherAsync(_first.RunTimersAsync)), Task.Run(() => RunTogetherAsync(_second.RunTimersAsync)));
        output.WriteLine($"{_database.Provider}: {Instances} timers fired in {watch.ElapsedMilliseconds} ms ({fired[0]} + {fired[1]} claimed)");

        // No timer was claimed twice; on PostgreSQL, the database several hosts share, both engines did part of the work. SQLite
        // has one writer at a time and no fair queue for its lock, so there one engine may take every claim (seen in CI).
        fired.Sum().ShouldBe(Instances);
        if (_database.IsPostgres)
        {
            fired.ShouldAllBe(count => count > 0);
        }
        (await _first.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync())).ShouldBe(0);
        var completions = await _first.QueryAsync(db => db.Journal.IgnoreQueryFilters()
            .Where(j => j.ActivityId == "waitDay" && j.Kind == nameof(JournalEntryKind.ActivityCompleted))
            .GroupBy(j => j.InstanceId)
            .Select(g => g.Count())
            .ToListAsync());
        completions.Count.ShouldBe(Instances);
        completions.ShouldAllBe(count => count == 1);
        (await _first.QueryAsync(db => db.Instances.IgnoreQueryFilters().CountAsync(i => i.Status == nameof(InstanceStatus.Completed)))).ShouldBe(Instances);

        var dispatched = await Task.WhenAll(Task.Run(_first.RunEffectsAsync), Task.Run(_second.RunEffectsAsync));
        dispatched.Sum().ShouldBe(Instances);
        _log.Calls.Count.ShouldBe(Instances);
        _log.Calls.Values.ShouldAllBe(calls => calls == 1);
        _log.Calls.Keys.ShouldBe(ids.Select(id => $"{id}:letter:1"), ignoreOrder: true);
        (await _first.QueryAsync(db => db.Effects.IgnoreQueryFilters().CountAsync(e => e.Status == EffectStatus.Succeeded))).ShouldBe(Instances);
    }

    [Fact]
    public async Task EffectDispatcher_WhenAHandlerRunsLongerThanTheLease_KeepsTheLeaseAndTheEffectRunsOnce()
    {
        // Engines whose lease is 3 s: the heartbeat renews it every second.
        var settings = new Dictionary<string, string?> { ["Workflows:Lease"] = "00:00:03" };
        await using var slow = new WorkflowTestHost(_database, _clock, _log, settings, Definitions.All);
        await using var other = new WorkflowTestHost(_database, _clock, _log, settings, Definitions.All);
        var id = await slow.StartAsync("burst", "H-1");
        _clock.Advance(TimeSpan.FromDays(1));
        (await slow.RunTimersAsync()).ShouldBe(1);
        _log.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = Task.Run(slow.RunEffectsAsync);
        await _log.Holding.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The claim's lease is over by the clock; after a heartbeat the other dispatcher still finds it held.
        _clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        (await other.RunEffectsAsync().WaitAsync(TimeSpan.FromSeconds(20))).ShouldBe(0);

        _log.Hold.SetResult();
        (await running).ShouldBe(1);
        _log.Calls.ShouldBe(new Dictionary<string, int> { [$"{id}:letter:1"] = 1 });
        (await slow.QueryAsync(db => db.Effects.IgnoreQueryFilters().SingleAsync())).Status.ShouldBe(EffectStatus.Succeeded);
    }

    [Fact]
    public async Task TimerWorker_WhenALeaseExpires_TakesTheTimerOverAndFiresItOnce()
    {
        var id = await _first.StartAsync("burst", "L-1");
        _clock.Advance(TimeSpan.FromDays(1));

        // A process claimed the timer and died before firing it.
        await _first.QueryAsync(db => db.Timers.IgnoreQueryFilters().ExecuteUpdateAsync(set => set
            .SetProperty(t => t.LeaseOwner, "crashed")
            .SetProperty(t => t.LeaseUntil, _clock.GetUtcNow() + TimeSpan.FromSeconds(60))));
        (await _second.RunTimersAsync()).ShouldBe(0);

        _clock.Advance(TimeSpan.FromSeconds(61));
        (await _second.RunTimersAsync()).ShouldBe(1);
        (await _first.RunTimersAsync()).ShouldBe(0);

        (await _second.InstanceAsync(id)).Outcome.ShouldBe("Sent");
        (await _second.PathAsync(id)).ShouldBe(["waitDay:Done", "letter:Done", "end:"]);
    }
}
