using System.Collections.Concurrent;
using System.Diagnostics;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Testing;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Etrepaye.IntegrationTests.Workflows;

/// <summary>
/// The real host binary, run as separate processes on one database: timers seeded by the test are fired
/// by the processes' timer workers. Needs the host built (dotnet build builds it with this project).
/// </summary>
[Collection(HostProcessCollection.Name)]
public sealed class HostProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Definition = """
        {
          "definitionId": "process-burst", "version": 1, "name": "Process burst",
          "start": { "activity": "waitDay" },
          "activities": [
            { "id": "waitDay", "type": "workflow.wait-until", "inputs": { "date": { "expression": "today() + 1 day" } } },
            { "id": "end", "type": "workflow.end", "inputs": { "outcome": "Done" } }
          ],
          "connections": [ { "source": { "activity": "waitDay", "port": "Done" }, "target": { "activity": "end" } } ]
        }
        """;

    // The same wait, then a webhook to the test's receiver: an effect sent by the host process after commit.
    private const string WebhookDefinition = """
        {
          "definitionId": "process-webhook", "version": 1, "name": "Process webhook",
          "start": { "activity": "waitDay" },
          "activities": [
            { "id": "waitDay", "type": "workflow.wait-until", "inputs": { "date": { "expression": "today() + 1 day" } } },
            { "id": "notify", "type": "workflow.notify-webhook", "inputs": { "url": "RECEIVER", "event": "InvoiceDue" } },
            { "id": "end", "type": "workflow.end", "inputs": { "outcome": "Done" } }
          ],
          "connections": [
            { "source": { "activity": "waitDay", "port": "Done" }, "target": { "activity": "notify" } },
            { "source": { "activity": "notify", "port": "Done" }, "target": { "activity": "end" } }
          ]
        }
        """;

    private readonly WebhookReceiver _receiver = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "etrepaye-tests", $"processes-{Guid.NewGuid():N}");
    private readonly List<HostProcess> _processes = [];
    private TestDatabase _database = null!;
    private WorkflowTestHost _seeder = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "definitions"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "definitions", "process-burst.json"), Definition);
        var webhook = WebhookDefinition.Replace("RECEIVER", _receiver.Url, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_directory, "definitions", "process-webhook.json"), webhook);
        _database = await TestDatabase.CreateAsync();

        // The seeder's clock is two days behind: every timer it creates is already due for the processes.
        _seeder = new WorkflowTestHost(_database, new ManualClock(DateTimeOffset.UtcNow.AddDays(-2)), new EffectLog(), Definition, webhook);
        await _seeder.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Kill();
        }

        await _seeder.DisposeAsync();
        await _database.DisposeAsync();
        _receiver.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Logs still being flushed by a dying process are left for the OS to clean.
        }
    }

    [Fact]
    public async Task TimerWorkers_WhenTwoHostProcessesShareOneDatabase_FireEveryDueTimerOnce()
    {
        var count = _database.IsPostgres ? 10_000 : 2_000;
        var ids = await SeedAsync(count);

        await LaunchAsync("first");
        await LaunchAsync("second");
        await WaitUntilAllFiredAsync(count, TimeSpan.FromMinutes(8));

        await AssertEachFiredOnceAsync(ids);
    }

    [Fact]
    public async Task TimerWorker_WhenHostProcessIsKilledMidBurst_RestartedHostFiresEveryDueStepOnce()
    {
        var count = 3_000;
        var ids = await SeedAsync(count);

        var doomed = await LaunchAsync("doomed");
        var deadline = Stopwatch.StartNew();
        while (await CompletedAsync() < count / 10 && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(20);
        }

        doomed.Kill();
        var atKill = await CompletedAsync();
        output.WriteLine($"killed with {atKill} of {count} done");
        atKill.ShouldBeLessThan(count);

        await LaunchAsync("restarted");
        await WaitUntilAllFiredAsync(count, TimeSpan.FromMinutes(8));
        await AssertEachFiredOnceAsync(ids);
    }

    [Fact]
    public async Task EffectDispatcher_WhenHostProcessIsKilledWhileSendingWebhooks_RestartedHostSendsEveryEffectWithItsKey()
    {
        var count = 1_000;
        var ids = await SeedAsync(count, "process-webhook");

        var doomed = await LaunchAsync("doomed");
        var deadline = Stopwatch.StartNew();
        while (_receiver.Deliveries < count / 5 && deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(10);
        }

        doomed.Kill();
        var atKill = _receiver.Deliveries;
        output.WriteLine($"killed after {atKill} of {count} webhook deliveries");
        atKill.ShouldBeLessThan(count);

        await LaunchAsync("restarted");
        var watch = Stopwatch.StartNew();
        while (await SucceededEffectsAsync() < count && watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(100);
        }

        // Every effect reached the receiver under its own key and is recorded succeeded once. Only the delivery in
        // flight when the process died (sent, not yet recorded) may arrive twice, under the same key.
        (await SucceededEffectsAsync()).ShouldBe(count);
        _receiver.Keys.Keys.ShouldBe(ids.Select(id => $"{id}:notify:1"), ignoreOrder: true);
        var repeated = _receiver.Keys.Values.Count(deliveries => deliveries > 1);
        output.WriteLine($"{_receiver.Deliveries} deliveries for {count} effects; {repeated} key(s) delivered twice");
        repeated.ShouldBeLessThanOrEqualTo(1);
        _receiver.Keys.Values.ShouldAllBe(deliveries => deliveries <= 2);
    }

    private Task<int> SucceededEffectsAsync() =>
        _seeder.QueryAsync(db => db.Effects.IgnoreQueryFilters().CountAsync(e => e.Status == Etrepaye.Workflows.Persistence.EffectStatus.Succeeded));

    private async Task<List<Guid>> SeedAsync(int count, string definitionId = "process-burst")
    {
        var ids = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = _database.IsPostgres ? 8 : 1 }, async (i, _) =>
            ids.Add(await _seeder.StartAsync(definitionId, $"P-{i}")));
        return [.. ids];
    }

    private Task<int> CompletedAsync() =>
        _seeder.QueryAsync(db => db.Instances.IgnoreQueryFilters().CountAsync(i => i.Status == nameof(InstanceStatus.Completed)));

    private async Task WaitUntilAllFiredAsync(int count, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await CompletedAsync() == count && await _seeder.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync()) == 0)
            {
                output.WriteLine($"{count} timers fired by the processes in {watch.ElapsedMilliseconds} ms");
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Only {await CompletedAsync()} of {count} instances completed in {timeout}.");
    }

    private async Task AssertEachFiredOnceAsync(List<Guid> ids)
    {
        // Start is version 1 and the timer's step version 2: a second advance would show as 3.
        var versions = await _seeder.QueryAsync(db => db.Instances.IgnoreQueryFilters().Select(i => i.Version).ToListAsync());
        versions.Count.ShouldBe(ids.Count);
        versions.ShouldAllBe(version => version == 2);
        var completions = await _seeder.QueryAsync(db => db.Journal.IgnoreQueryFilters()
            .Where(j => j.ActivityId == "waitDay" && j.Kind == nameof(JournalEntryKind.ActivityCompleted))
            .GroupBy(j => j.InstanceId)
            .Select(g => g.Count())
            .ToListAsync());
        completions.Count.ShouldBe(ids.Count);
        completions.ShouldAllBe(c => c == 1);
    }

    private void Log(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has ended; the process is being killed.
        }
    }

    // A host about to be killed works in small claims and commits, so that it is caught mid-way whatever the machine's speed.
    private static readonly string[] _smallSteps =
    [
        "--Workflows:TimerBatchSize=20", "--Workflows:TimerCommitSize=10", "--Workflows:TimerParallelism=1",
        "--Workflows:EffectBatchSize=5", "--Workflows:EffectParallelism=1",
    ];

    private async Task<HostProcess> LaunchAsync(string name)
    {
        var process = new HostProcess(name, _database.Provider, _database.ConnectionString, _directory, Log, name == "doomed" ? _smallSteps : null);
        _processes.Add(process);
        await process.Ready;
        return process;
    }
}

/// <summary>The process tests run alone, after the parallel ones: separate host processes need the machine's cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostProcessCollection
{
    public const string Name = "Host processes";
}
