using System.Diagnostics;
using Etrepaye.Testing;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Bench.Workflows;

/// <summary>
/// Scale-out: 1, 2, 3… real host processes (the Release build of src/Host) share one PostgreSQL database. For each count,
/// a fresh database holds N waiting instances, whose timers are made due at once (one UPDATE) when every host is up; each
/// timer's step queues a webhook effect and ends the instance, and the processes' effect dispatchers send the webhooks to a
/// receiver in this process. Measured: from the UPDATE to the last effect recorded succeeded. Checked: every timer fired once
/// (one completion per instance in the journal, version 2 = start and timer step, nothing more) and every effect reached the
/// receiver once.
/// Baseline: the single-process run; the ratio is the speed-up.
/// </summary>
internal static class ScaleOutBenchmark
{
    private const string Definition = """
        {
          "definitionId": "bench-scaleout", "version": 1, "name": "Scale-out",
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

    public static async Task<bool> RunAsync(BenchOptions options)
    {
        if (options.Provider != "postgres")
        {
            Console.WriteLine("scale-out: needs --provider postgres (SQLite is one process on one machine)");
            return false;
        }

        var ok = true;
        double? single = null;
        foreach (var processes in options.Processes)
        {
            var (elapsed, correct, peaks) = await RunOnceAsync(options, processes);
            single ??= elapsed.TotalSeconds;
            var rate = options.Instances / elapsed.TotalSeconds;
            Console.WriteLine(
                $"scale-out: {processes} process(es): {options.Instances:N0} instances (timer step + webhook + completion) in {elapsed.TotalSeconds:0.00} s = "
                + $"{Program.F(rate)} instances/s; speed-up {single.Value / elapsed.TotalSeconds:0.00}x the single process; peak RSS per process "
                + $"{string.Join(", ", peaks.Select(p => $"{p:0} MB"))}; check {(correct ? "OK" : "WRONG")}");
            ok &= correct;
        }

        return ok;
    }

    private static async Task<(TimeSpan Elapsed, bool Correct, List<double> Peaks)> RunOnceAsync(BenchOptions options, int processCount)
    {
        using var receiver = new WebhookReceiver();
        var directory = Path.Combine(Path.GetTempPath(), "etrepaye-bench", $"scaleout-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(directory, "definitions"));

        // Every timer falls due at one instant (UTC, a whole minute), after the hosts have started and seeding is over.
        var now = DateTimeOffset.UtcNow;
        var lead = TimeSpan.FromSeconds(Math.Max(30, options.Instances / 500));
        var dueAt = new DateTimeOffset((now + lead).Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute + TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var definition = Definition.Replace("RECEIVER", receiver.Url, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(directory, "definitions", "bench-scaleout.json"), definition);
        await using var database = await BenchDatabase.CreateAsync(options);
        await using var seeder = new BenchEngine(database, new BenchClock(DateTimeOffset.UtcNow), options.Parallelism, definition);
        await seeder.MigrateAsync();
        await seeder.SeedAsync("bench-scaleout", options.Instances, i => BenchEngine.Keys($"S-{i}"));
        var hosts = new List<HostProcess>();
        try
        {
            for (var i = 0; i < processCount; i++)
            {
                var host = new HostProcess($"host-{i + 1}", database.Provider, database.ConnectionString, directory, Console.WriteLine);
                hosts.Add(host);
                await host.Ready;
            }

            // Every timer falls due at once, when every host is up: one UPDATE moves them all to now.
            await seeder.QueryAsync(db =>
            {
                var sql = "UPDATE " + db.QualifiedTable<WorkflowTimerRow>() + " SET due_at = {0}";
                return db.Database.ExecuteSqlRawAsync(sql, DateTimeOffset.UtcNow);
            });
            var watch = Stopwatch.StartNew();
            while (await seeder.QueryAsync(db => db.Effects.IgnoreQueryFilters().CountAsync(e => e.Status == EffectStatus.Succeeded)) < options.Instances)
            {
                if (watch.Elapsed > TimeSpan.FromMinutes(30)
                    || await seeder.QueryAsync(db => db.Instances.IgnoreQueryFilters().AnyAsync(i => i.Status == nameof(InstanceStatus.Faulted))))
                {
                    throw new TimeoutException($"{processCount} process(es) did not send the {options.Instances:N0} effects in 30 minutes, or an instance faulted.");
                }

                await Task.Delay(100);
            }

            var elapsed = watch.Elapsed;
            var peaks = hosts.Select(h => h.PeakMegabytes()).ToList();
            var versions = await seeder.QueryAsync(db => db.Instances.IgnoreQueryFilters().GroupBy(i => i.Version).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
            var completions = await seeder.QueryAsync(db => db.Journal.IgnoreQueryFilters()
                .Where(j => j.ActivityId == "waitDay" && j.Kind == nameof(JournalEntryKind.ActivityCompleted)).CountAsync());
            var correct = versions.Count == 1 && versions[0].Key == 2 && completions == options.Instances
                && receiver.Keys.Count == options.Instances && receiver.Keys.Values.All(n => n == 1);
            if (!correct)
            {
                Console.WriteLine($"scale-out check failed: versions {string.Join(", ", versions.Select(v => $"{v.Key}: {v.Count}"))}; "
                    + $"{completions} timer completions; {receiver.Keys.Count} keys received, {receiver.Keys.Values.Count(n => n > 1)} more than once");
            }

            return (elapsed, correct, peaks);
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Kill();
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A dying process may still hold its log file: the temporary folder is left for the OS.
            }
        }
    }
}
