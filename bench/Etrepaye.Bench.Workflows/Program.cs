using System.Diagnostics;
using System.Globalization;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Bench.Workflows;

/// <summary>
/// The workflow engine's benchmarks (issue 3), each printed with its baseline measured in the same run:
/// a burst of due timers against one set-based UPDATE of the same rows, and sustained correlated stimuli
/// with their resume latency. Usage: see bench/README.md.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0.#} GB, .NET {Environment.Version}, provider {options.Provider}");
        var ok = true;
        if (options.Only is "all" or "burst")
        {
            ok &= await BurstBenchmark.RunAsync(options);
        }

        if (options.Only is "all" or "stimulus")
        {
            ok &= await StimulusBenchmark.RunAsync(options);
        }

        // Not part of "all": it needs the Release host build and takes minutes per process count.
        if (options.Only is "scaleout")
        {
            ok &= await ScaleOutBenchmark.RunAsync(options);
        }

        return ok ? 0 : 1;
    }

    public static string F(double value) => value.ToString("#,0.0", CultureInfo.InvariantCulture);
}

/// <summary>
/// N instances wait on a timer that is due; the timer worker (the host's own, claiming by lease) fires
/// them all, each instance advancing one step to its next wait. Baseline: one set-based UPDATE advancing
/// the same N instance rows (version + 1, updated_at).
/// </summary>
internal static class BurstBenchmark
{
    private const string Definition = """
        {
          "definitionId": "bench-burst", "version": 1, "name": "Burst",
          "activities": [
            { "id": "firstWait", "type": "workflow.wait-until", "inputs": { "date": { "expression": "today() + 1 day" } } },
            { "id": "secondWait", "type": "workflow.wait-until", "inputs": { "date": { "expression": "today() + 30 days" } } },
            { "id": "end", "type": "workflow.end", "inputs": { "outcome": "Done" } }
          ],
          "connections": [
            { "source": { "activity": "firstWait", "port": "Done" }, "target": { "activity": "secondWait" } },
            { "source": { "activity": "secondWait", "port": "Done" }, "target": { "activity": "end" } }
          ],
          "start": { "activity": "firstWait" }
        }
        """;

    public static async Task<bool> RunAsync(BenchOptions options)
    {
        await using var database = await BenchDatabase.CreateAsync(options);
        var clock = new BenchClock(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));
        await using var engine = new BenchEngine(database, clock, options.Parallelism, Definition);
        await engine.MigrateAsync();

        var seeding = Stopwatch.StartNew();
        await engine.SeedAsync("bench-burst", options.Instances, i => BenchEngine.Keys($"B-{i}"));
        Console.WriteLine($"burst: seeded {options.Instances:N0} waiting instances in {seeding.Elapsed.TotalSeconds:0.0} s ({Program.F(options.Instances / seeding.Elapsed.TotalSeconds)} starts/s, batched)");

        clock.Advance(TimeSpan.FromDays(2));
        GC.Collect();
        PeakMemory.Reset();
        var burst = Stopwatch.StartNew();
        var fired = 0;
        while (await engine.TimerWorker.RunOnceAsync(CancellationToken.None) is var claimed and > 0)
        {
            fired += claimed;
        }

        burst.Stop();
        var peak = PeakMemory.PeakMegabytes();

        // Each instance took exactly one step: it now waits on its second timer.
        var advanced = await engine.QueryAsync(db => db.Instances.IgnoreQueryFilters().CountAsync(i => i.Version == 2));
        var secondTimers = await engine.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync());
        var completions = await engine.QueryAsync(db => db.Journal.IgnoreQueryFilters().CountAsync(j => j.ActivityId == "firstWait" && j.Kind == nameof(JournalEntryKind.ActivityCompleted)));
        var correct = fired == options.Instances && advanced == options.Instances && secondTimers == options.Instances && completions == options.Instances;

        var snapshotSize = await engine.QueryAsync(db => db.Instances.IgnoreQueryFilters().AverageAsync(i => i.Snapshot.Length));
        var journalSize = await engine.QueryAsync(db => db.Journal.IgnoreQueryFilters().AverageAsync(j => j.Data.Length));
        var journalRows = await engine.QueryAsync(db => db.Journal.IgnoreQueryFilters().CountAsync());
        Console.WriteLine($"burst rows: snapshot {snapshotSize:0} chars on average, {journalRows:N0} journal entries of {journalSize:0} chars on average");
        var baseline = await BaselineAsync(engine, clock.GetUtcNow(), database.Provider == "sqlite");
        var stepsPerSecond = options.Instances / burst.Elapsed.TotalSeconds;
        var baselinePerSecond = options.Instances / baseline.TotalSeconds;
        Console.WriteLine($"burst: {options.Instances:N0} due timers fired in {burst.Elapsed.TotalSeconds:0.00} s = {Program.F(stepsPerSecond)} instance-steps/s (parallelism {options.Parallelism})");
        Console.WriteLine($"burst baseline: one set-based UPDATE of the same {options.Instances:N0} rows in {baseline.TotalSeconds:0.00} s = {Program.F(baselinePerSecond)} rows/s");
        Console.WriteLine($"burst ratio: {burst.Elapsed.TotalSeconds / baseline.TotalSeconds:0.0}x the baseline; peak RSS during the burst {peak:0} MB");
        Console.WriteLine($"burst check: fired {fired:N0}, advanced {advanced:N0}, second timers {secondTimers:N0}, first-wait completions {completions:N0}: {(correct ? "OK" : "WRONG")}");
        return correct;
    }

    private static async Task<TimeSpan> BaselineAsync(BenchEngine engine, DateTimeOffset now, bool isSqlite)
    {
        return await engine.QueryAsync(async db =>
        {
            object at = isSqlite ? now.UtcTicks : now;
            var sql = "UPDATE " + db.QualifiedTable<WorkflowInstanceRow>() + " SET version = version + 1, updated_at = {0}";
            var watch = Stopwatch.StartNew();
            await db.Database.ExecuteSqlRawAsync(sql, at);
            return watch.Elapsed;
        });
    }
}

/// <summary>
/// W instances wait for a correlated event; events are published at a fixed rate through the engine's
/// stimulus publisher (as module event handlers do), and each one's resume latency is measured from the
/// instant it was due to be sent, so a backlog counts against the figure (no coordinated omission).
/// </summary>
internal static class StimulusBenchmark
{
    private const string Definition = """
        {
          "definitionId": "bench-wait", "version": 1, "name": "Wait for payment",
          "activities": [
            { "id": "waitPaid", "type": "workflow.wait-for-event", "inputs": { "event": "InvoicePaid", "timeout": "60 days" } },
            { "id": "paid", "type": "workflow.end", "inputs": { "outcome": "Paid" } },
            { "id": "late", "type": "workflow.end", "inputs": { "outcome": "Late" } }
          ],
          "connections": [
            { "source": { "activity": "waitPaid", "port": "Done" }, "target": { "activity": "paid" } },
            { "source": { "activity": "waitPaid", "port": "Timeout" }, "target": { "activity": "late" } }
          ],
          "start": { "activity": "waitPaid" }
        }
        """;

    public static async Task<bool> RunAsync(BenchOptions options)
    {
        await using var database = await BenchDatabase.CreateAsync(options);
        var clock = new BenchClock(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));
        await using var engine = new BenchEngine(database, clock, options.Parallelism, Definition);
        await engine.MigrateAsync();
        await engine.SeedAsync("bench-wait", options.Waiting, i => BenchEngine.Keys($"W-{i}"));

        var total = Math.Min(options.EventsPerSecond * options.Seconds, options.Waiting);
        var latencies = new double[total];
        var outcomes = new PublishStatus[total];
        var inFlight = new List<Task>(total);
        var interval = TimeSpan.FromSeconds(1.0 / options.EventsPerSecond);
        var started = Stopwatch.StartNew();
        for (var k = 0; k < total; k++)
        {
            var due = interval * k;
            if (due > started.Elapsed)
            {
                await Task.Delay(due - started.Elapsed);
            }

            var index = k;
            inFlight.Add(Task.Run(async () =>
            {
                var stimulus = new Stimulus("InvoicePaid", BenchEngine.Keys($"W-{index}"), $"paid-{index}");
                var result = await engine.Stimuli.PublishAsync(stimulus, CancellationToken.None);
                outcomes[index] = result.Status;
                latencies[index] = (started.Elapsed - due).TotalMilliseconds;
            }));
        }

        await Task.WhenAll(inFlight);
        var elapsed = started.Elapsed;
        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(total - 1, (int)Math.Ceiling(p * total) - 1)];
        var resumed = await engine.QueryAsync(db => db.Instances.IgnoreQueryFilters().CountAsync(i => i.Status == nameof(InstanceStatus.Completed)));
        var correct = resumed == total && outcomes.All(o => o == PublishStatus.Delivered);
        Console.WriteLine($"stimulus: {total:N0} correlated events at a target of {options.EventsPerSecond:N0}/s among {options.Waiting:N0} waiting instances: achieved {Program.F(total / elapsed.TotalSeconds)}/s");
        Console.WriteLine($"stimulus latency (due to resumed and committed): p50 {Percentile(0.50):0.0} ms, p95 {Percentile(0.95):0.0} ms, p99 {Percentile(0.99):0.0} ms, max {latencies[^1]:0.0} ms");
        Console.WriteLine($"stimulus check: {resumed:N0} instances resumed to completion: {(correct ? "OK" : "WRONG")}");
        return correct;
    }
}
