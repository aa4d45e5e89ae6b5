using System.Diagnostics;
using System.Globalization;
using Etrepaye.Bench.Data.Harness;
using Npgsql;

namespace Etrepaye.Bench.DailyRun;

/// <param name="Work">Cases opened plus timers fired: the run's units of work.</param>
internal sealed record RunResult(int Processes, double Seconds, int Work, double BaselineSeconds, IReadOnlyList<double> PeakMegabytes, bool Correct);

/// <summary>
/// One run at a process count: a fresh database, seeded; the hosts started while the bench holds the row of the company's
/// overdue check locked (their start-up check blocks on its claim); when every host answers, one transaction makes the
/// waiting instances' timers due and releases the lock, and the clock starts. The bench then polls the database until
/// every phase is done and nothing is left in the backlog, checks the result, and measures the set-based baseline.
/// </summary>
internal static class DailyRunBenchmark
{
    // Long enough for each kind of request to reach its optimised code on every host (a method is recompiled after about 30
    // calls): at 20 requests a second per kind, 200 calls of each kind.
    private const int WarmUpSeconds = 10;

    public static async Task<RunResult> RunAsync(Options options, int processCount)
    {
        Console.WriteLine();
        Console.WriteLine($"== {processCount} host process(es)");
        var database = $"etrepaye_bench_daily_{Guid.NewGuid():N}"[..36];
        var server = new NpgsqlConnectionStringBuilder(options.Postgres);
        var target = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = database, Pooling = true, MaxPoolSize = 20 };
        // The hosts' first overdue check waits on the bench's lock until every host is up: longer than the 30 s default.
        var hostConnection = new NpgsqlConnectionStringBuilder(target.ConnectionString) { CommandTimeout = 900, MaxPoolSize = 100 }.ConnectionString;
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await Sql.ExecuteAsync(admin, $"CREATE DATABASE {database}");
        }

        var hosts = new List<Process>();
        try
        {
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync();
            var seeded = await Seeder.SeedAsync(options, hostConnection, connection);
            return await MeasureAsync(options, processCount, target.ConnectionString, hostConnection, connection, seeded, hosts);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await HostProcess.StopAsync(host);
                host.Dispose();
            }

            NpgsqlConnection.ClearAllPools();
            if (options.KeepDatabase)
            {
                Console.WriteLine($"  database kept: {database}");
            }
            else
            {
                await using var admin = new NpgsqlConnection(server.ConnectionString);
                await admin.OpenAsync();
                await Sql.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }
        }
    }

    private static async Task<RunResult> MeasureAsync(
        Options options, int processCount, string connectionString, string hostConnection, NpgsqlConnection connection, Seeded seeded, List<Process> hosts)
    {
        // The lock the hosts' overdue checks wait on: their claim is a conditional UPDATE of this row.
        await using var gate = new NpgsqlConnection(connectionString);
        await gate.OpenAsync();
        var lockTransaction = await gate.BeginTransactionAsync();
        await Sql.ExecuteAsync(gate, "SELECT 1 FROM receivables.overdue_checks WHERE company_id = @c FOR UPDATE", lockTransaction, ("c", Seeder.Company));

        var starting = Stopwatch.StartNew();
        for (var i = 0; i < processCount; i++)
        {
            hosts.Add(HostProcess.Start(options.HostDll, options.Port + i, hostConnection, Seeder.HostArguments));
        }

        var clients = await Task.WhenAll(hosts.Select((h, i) => HostProcess.ConnectAsync(h, options.Port + i, 2)));
        foreach (var client in clients)
        {
            client.Dispose();
        }

        await Task.WhenAll(hosts.Select(h => HostProcess.WaitUntilIdleAsync(h.Id, TimeSpan.FromMinutes(2))));
        Console.WriteLine($"  {processCount} host(s) up and idle in {starting.Elapsed.TotalSeconds:0.0} s (their overdue check waits on the bench's lock)");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{options.Port}"),
            Timeout = TimeSpan.FromMinutes(30),
        };
        var creditManager = await Seeder.TokenAsync(http, HostProcess.DemoEmail);
        var operatorToken = await Seeder.TokenAsync(http, "operator@demo.etrepaye.test");
        Traffic? traffic = null;
        if (options.Traffic)
        {
            // The order check reads the exposure rows: built from the ledger by the module's own code before the clock starts.
            using var refresh = new HttpRequestMessage(HttpMethod.Post, $"/api/companies/{Seeder.Company}/credit/exposure/refresh")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { customerId = (Guid?)null }),
            };
            refresh.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", creditManager);
            (await http.SendAsync(refresh)).EnsureSuccessStatusCode();
            var tasks = (await Sql.RowsAsync(connection, "SELECT id FROM workflows.human_tasks WHERE status = 'Open' AND claimed_by IS NULL ORDER BY id"))
                .Select(r => (Guid)r[0]!).ToArray();
            traffic = new Traffic(http, [.. hosts.Select((_, i) => new Uri($"http://127.0.0.1:{options.Port + i}"))], creditManager, operatorToken, seeded.Customers, tasks,
                options.Concurrency, options.TrafficRate);
            await traffic.WarmUpAsync(TimeSpan.FromSeconds(WarmUpSeconds));
        }

        foreach (var host in hosts)
        {
            PeakMemory.Reset(host.Id);
        }

        // The start: the timers fall due and the overdue check's claim goes through, in one commit.
        await Sql.ExecuteAsync(gate, "UPDATE workflows.timers SET due_at = now() WHERE instance_id IN (SELECT instance_id FROM public.bench_timed)", lockTransaction);
        using var stopTraffic = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        await lockTransaction.CommitAsync();
        var trafficRun = traffic?.RunAsync(stopTraffic.Token);

        var phases = await PollAsync(options, connection, seeded, clock, hosts);
        var elapsed = clock.Elapsed.TotalSeconds;
        await stopTraffic.CancelAsync();
        var trafficResult = trafficRun is null ? null : await trafficRun;
        var peaks = hosts.Select(h => PeakMemory.MegabytesOf(h.Id)).ToList();

        var work = seeded.ExpectedCases + seeded.Timers;
        Console.WriteLine($"  daily run done in {elapsed:0.00} s ({F(work / elapsed)} cases and timer steps/s), phases from the start:");
        foreach (var phase in phases)
        {
            Console.WriteLine($"    {phase.Name,-54} {phase.Count,9:N0} in {phase.Seconds,7:0.00} s = {F(phase.Count / Math.Max(phase.Seconds, 0.001)),7}/s");
        }

        Console.WriteLine($"  hosts' peak RSS during the run: {string.Join(", ", peaks.Select(p => $"{p:0} MB"))}");
        var correct = await Checks.RunAsync(connection, seeded, startedAt, trafficResult);
        if (trafficResult is not null)
        {
            Console.WriteLine($"  traffic over {processCount} host(s), {options.Concurrency} clients per kind{(options.TrafficRate > 0 ? $" at {options.TrafficRate} requests/s per kind" : "")}, during the run:");
            Console.WriteLine($"    order checks (POST …/credit/check):           {trafficResult.OrderChecks}");
            Console.WriteLine($"    inbox first page (GET …/tasks?page=1&pageSize=50): {trafficResult.InboxPages}");
            Console.WriteLine($"    task claims (POST …/tasks/{{id}}/claim, two at once per task): {trafficResult.Claims}");
            Console.WriteLine(
                $"    claim contests: {trafficResult.Contests:N0} ({trafficResult.WarmUpContests:N0} of them in the {WarmUpSeconds} s warm-up before the start), " +
                $"exactly one winner and one 409 in {trafficResult.OneWinner:N0}");
        }

        var baseline = await Baseline.RunAsync(connection, seeded, startedAt);
        Console.WriteLine($"  baseline (the same row changes as set-based SQL, one transaction, rolled back): {baseline.Seconds:0.00} s: {baseline.Summary}");
        Console.WriteLine($"  daily run ÷ baseline: {elapsed / baseline.Seconds:0.0}x");
        return new RunResult(processCount, elapsed, work, baseline.Seconds, peaks, correct);
    }

    private sealed record Phase(string Name, int Count, double Seconds);

    /// <summary>Polls the database (every 200 ms, every second beyond 20,000 rows) until every phase has reached its count and the backlog is empty; returns when each phase was done.</summary>
    private static async Task<List<Phase>> PollAsync(Options options, NpgsqlConnection connection, Seeded seeded, Stopwatch clock, List<Process> hosts)
    {
        var names = new[]
        {
            "overdue detection (the day claimed, events published)", "cases opened", "procedures started", "due timers fired (instances advanced)",
            "reminders rendered into collection.messages", "backlog empty (events, effects, due timers)",
        };
        var targets = new[] { 1, seeded.ExpectedCases, seeded.ExpectedCases, seeded.Timers, seeded.Timers, 1 };
        var counts = new[]
        {
            "SELECT count(*) FROM receivables.overdue_checks WHERE company_id = @c AND last_checked_date = @today",
            "SELECT count(*) FROM collection.cases c JOIN public.bench_expected e USING (customer_id) WHERE c.status <> 'Closed'",
            "SELECT count(*) FROM collection.cases c JOIN public.bench_expected e USING (customer_id) WHERE c.status <> 'Closed' AND c.procedure_instance_id IS NOT NULL",
            "SELECT count(*) FROM workflows.instances i JOIN public.bench_timed t ON t.instance_id = i.id WHERE i.version > t.version",
            "SELECT count(*) FROM collection.messages m JOIN public.bench_timed t ON t.case_id = m.case_id WHERE m.kind = 'reminder'",
        };
        var done = new double?[names.Length];
        var lastReport = TimeSpan.Zero;
        while (done.Any(d => d is null))
        {
            // A phase is counted until it is done, then no more: at full scale these joins over 100,000 rows took a second a poll,
            // half a core of the database the run was sharing.
            var row = (await Sql.RowsAsync(
                    connection, "SELECT " + string.Join(", ", counts.Select((count, i) => done[i] is null ? $"({count})" : $"{targets[i]}::bigint")), null,
                    ("c", Seeder.Company), ("today", seeded.Today)))[0]
                .Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray();
            for (var i = 0; i < row.Length; i++)
            {
                if (done[i] is null && row[i] >= targets[i])
                {
                    done[i] = clock.Elapsed.TotalSeconds;
                }
            }

            if (done[..^1].All(d => d is not null) && done[^1] is null
                && await Backlog.UndeliveredEventsAsync(connection) == 0 && await Backlog.PendingEffectsAsync(connection) == 0 && await Backlog.DueTimersAsync(connection) == 0)
            {
                done[^1] = clock.Elapsed.TotalSeconds;
            }

            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(15))
            {
                lastReport = clock.Elapsed;
                Console.WriteLine($"    … {clock.Elapsed.TotalSeconds:0} s: day claimed {row[0]}, cases {row[1]:N0}, procedures {row[2]:N0}, timers {row[3]:N0}, reminders {row[4]:N0}");
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(options.TimeoutMinutes) || hosts.Any(h => h.HasExited))
            {
                throw new TimeoutException(
                    $"The daily run did not finish within {options.TimeoutMinutes} minutes, or a host exited: day claimed {row[0]}, cases {row[1]}/{targets[1]}, " +
                    $"procedures {row[2]}/{targets[2]}, timers {row[3]}/{targets[3]}, reminders {row[4]}/{targets[4]}.");
            }

            // Polling costs the database a few joins over the run's rows: less often when they are many (a phase's time is then
            // known to within the interval, a few seconds of runs that take minutes).
            await Task.Delay(targets.Sum() > 20_000 ? 3_000 : 200);
        }

        return [.. names.Select((n, i) => new Phase(n, i is 0 or 5 ? (i == 0 ? seeded.ExpectedCases : seeded.ExpectedCases + seeded.Timers) : targets[i], done[i]!.Value))];
    }

    public static string F(double value) => value.ToString(value < 100 ? "N1" : "N0", CultureInfo.InvariantCulture);
}
