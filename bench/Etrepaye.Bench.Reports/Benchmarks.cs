using System.Diagnostics;
using System.Globalization;
using Etrepaye.Bench.Data.Harness;
using Npgsql;

namespace Etrepaye.Bench.Reports;

/// <summary>
/// The reporting and inbox benchmarks, each with its baseline in the same run and the host's peak RSS during it:
/// the whole company's aged balance and count-back DSO (sequential requests) against plain SQL aggregates over the same rows;
/// one customer's aged balance and the inbox's first page under load against the trivial authenticated GET of the order-check bench.
/// </summary>
internal static class Benchmarks
{
    public static async Task<int> RunAsync(BenchContext context, Options options)
    {
        var errors = 0;
        var settled = await HostProcess.WaitUntilIdleAsync(context.HostPid, TimeSpan.FromMinutes(10));
        Console.WriteLine($"  host settled (under 50 ms CPU/s) after {settled.TotalSeconds:0} s");
        var aged = $"{context.Api}/receivables/aged-balance?asOf={context.AsOfText}";
        var limits = BenchContext.Limits(await context.GetAsync(aged + "&currency=EUR"));
        var baselineRequest = $"{context.Api}/credit/settings";

        if (options.Only is "all" or "reports")
        {
            // Whole company: sequential requests, median of --repeat after one warm-up.
            Section("aged balance, whole company (goal < 2 s)");
            var (agedHost, agedRss) = await TimeAsync(context, options.Repeat, async () => await context.GetAsync(aged));
            var agedSql = await TimeSqlAsync(options.Repeat, () => ReferenceSql.AgedBalanceAsync(context.Connection, context.CompanyId, context.AsOf, limits, null));
            Report("GET …/receivables/aged-balance", agedHost, "SQL aggregate (same rows, buckets, allocations)", agedSql, agedRss);

            Section("count-back DSO and the other KPIs, whole company (goal < 2 s)");
            var (dsoHost, dsoRss) = await TimeAsync(context, options.Repeat, async () => await context.GetAsync($"{context.Api}/receivables/kpis?asOf={context.AsOfText}"));
            var dsoSql = await TimeSqlAsync(options.Repeat, async () =>
            {
                var open = await ReferenceSql.AgedBalanceAsync(context.Connection, context.CompanyId, context.AsOf, limits, null);
                return await ReferenceSql.CountBackDsoAsync(context.Connection, context.CompanyId, context.AsOf, open.Where(b => !b.Credit).Sum(b => b.Amount));
            });
            Report("GET …/receivables/kpis", dsoHost, "SQL: receivables on the date + monthly sales, count-back in the bench", dsoSql, dsoRss);
        }

        if (options.Only is "all" or "load")
        {
            errors += await UnderLoadAsync(context, options, baselineRequest);
        }

        if (options.Explain)
        {
            await ExplainAsync(context, limits);
        }

        return errors == 0 ? 0 : 1;
    }

    /// <summary>
    /// The baseline, one customer's group and the inbox under load at each --concurrency level (same clients and duration for the
    /// three), with the CPU per request of the host and of PostgreSQL net of their idle rate; then one row per level and endpoint.
    /// </summary>
    private static async Task<int> UnderLoadAsync(BenchContext context, Options options, string baselineRequest)
    {
        var duration = TimeSpan.FromSeconds(options.Seconds);
        HttpRequestMessage Baseline(Random _) => new(HttpMethod.Get, baselineRequest);
        HttpRequestMessage OneCustomer(Random random) =>
            new(HttpMethod.Get, $"{context.Api}/receivables/customers/{context.Company.CustomerId(random.Next(context.Company.Options.Customers))}/group/aged-balance?asOf={context.AsOfText}");
        HttpRequestMessage Inbox(Random _) => new(HttpMethod.Get, $"{context.Api}/tasks?page=1&pageSize=50");
        var endpoints = new (string Name, string Goal, Func<Random, HttpRequestMessage> Request)[]
        {
            ("baseline GET …/credit/settings (authenticated, one read)", "", Baseline),
            ("one customer GET …/customers/{id}/group/aged-balance", "p99 < 20 ms", OneCustomer),
            ("inbox first page GET …/tasks?page=1&pageSize=50", "p99 < 50 ms", Inbox),
        };

        var warmUp = options.Concurrency.Max();
        foreach (var endpoint in endpoints)
        {
            await LoadLoop.RunAsync(context.Http, endpoint.Request, warmUp, TimeSpan.FromSeconds(2), options.Seed);
        }

        CpuMeter? cpu = null;
        CpuSample? idle = null;
        if (CpuMeter.Available)
        {
            await using var pid = new NpgsqlCommand("SELECT pg_backend_pid()", context.Connection);
            cpu = new CpuMeter(context.HostPid, CpuMeter.ParentOf((int)(await pid.ExecuteScalarAsync())!));
            var idleStart = cpu.Sample();
            await Task.Delay(TimeSpan.FromSeconds(5));
            idle = (cpu.Sample() - idleStart) / 5;
            Console.WriteLine($"  idle (no request, 5 s): host {idle.HostSeconds * 1000:0} ms CPU/s, PostgreSQL {idle.DatabaseSeconds * 1000:0} ms CPU/s");
        }

        var statements = await StatementCounter.CreateAsync(context.Connection);
        Console.WriteLine(statements is null
            ? "  statements per request: not counted (the server does not preload pg_stat_statements)"
            : "  statements per request: from pg_stat_statements (the host's background statements during the phase included)");

        var errors = 0;
        var rows = new List<(int Clients, string Name, LoadResult Result, CpuSample? PerRequest)>();
        foreach (var clients in options.Concurrency)
        {
            Section($"under load: {clients} clients in a closed loop, {options.Seconds} s each");
            LoadResult? baseline = null;
            foreach (var (name, goal, request) in endpoints)
            {
                PeakMemory.Reset(context.HostPid);
                var statementsBefore = statements is null ? null : await statements.SampleAsync();
                var before = cpu?.Sample();
                var result = await LoadLoop.RunAsync(context.Http, request, clients, duration, options.Seed + 1);
                var perRequest = cpu is null ? null : (cpu.Sample() - before!).PerRequest(idle!, result);
                var ran = statements is null ? null : StatementCounter.Difference(statementsBefore!, await statements.SampleAsync());
                baseline ??= result;
                errors += result.Errors;
                rows.Add((clients, name, result, perRequest));
                Console.WriteLine($"  {name}{(goal.Length > 0 ? $" (goal {goal})" : "")}: {result}; host peak RSS {PeakMemory.MegabytesOf(context.HostPid):0} MB");
                if (perRequest is not null)
                {
                    Console.WriteLine($"    CPU per request (net of idle): host {perRequest.HostSeconds:0.000} ms, PostgreSQL {perRequest.DatabaseSeconds:0.000} ms, load generator {perRequest.ClientSeconds:0.000} ms");
                }

                if (ran is not null && result.Count > 0)
                {
                    Console.WriteLine($"    statements per request: {(double)ran.Sum(s => s.Calls) / result.Count:0.00}, execution {ran.Sum(s => s.TotalMs) / result.Count:0.000} ms");
                    // The statements themselves once, at the first level.
                    if (clients == options.Concurrency[0])
                    {
                        foreach (var statement in ran.Take(8))
                        {
                            var text = string.Join(' ', statement.Query.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
                            Console.WriteLine($"      {(double)statement.Calls / result.Count,5:0.00} × {statement.TotalMs / statement.Calls,7:0.000} ms  {(text.Length > 150 ? text[..150] + "…" : text)}");
                        }
                    }
                }

                if (!ReferenceEquals(result, baseline))
                {
                    Console.WriteLine($"    ratio to baseline: p99 {result.P99 / baseline.P99:0.00}, throughput {result.Throughput / baseline.Throughput:0.00}");
                }
            }
        }

        Section("summary (one row per concurrency and endpoint; CPU ms per request net of idle)");
        Console.WriteLine($"  {"clients",7} | {"endpoint",-56} | {"req/s",7} | {"p50 ms",7} | {"p95 ms",7} | {"p99 ms",7} | {"host ms",7} | {"PG ms",7}");
        foreach (var (clients, name, r, perRequest) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {clients,7} | {name,-56} | {r.Throughput,7:0} | {r.P50,7:0.0} | {r.P95,7:0.0} | {r.P99,7:0.0} | {perRequest?.HostSeconds,7:0.000} | {perRequest?.DatabaseSeconds,7:0.000}"));
        }

        Console.WriteLine($"  host peak RSS since start: {PeakMemory.MegabytesOf(context.HostPid):0} MB (goal < 500 MB); load average now: {LoadAverage()}");
        return errors;
    }

    private static async Task<(LoadResult Result, double PeakRss)> TimeAsync(BenchContext context, int repeat, Func<Task> request)
    {
        await request();
        PeakMemory.Reset(context.HostPid);
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < repeat; i++)
        {
            var started = clock.Elapsed.TotalMilliseconds;
            await request();
            latencies.Add(clock.Elapsed.TotalMilliseconds - started);
        }

        return (LoadLoop.Summarize(latencies, clock.Elapsed.TotalSeconds, 0), PeakMemory.MegabytesOf(context.HostPid));
    }

    private static async Task<LoadResult> TimeSqlAsync<T>(int repeat, Func<Task<T>> query)
    {
        await query();
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < repeat; i++)
        {
            var started = clock.Elapsed.TotalMilliseconds;
            await query();
            latencies.Add(clock.Elapsed.TotalMilliseconds - started);
        }

        return LoadLoop.Summarize(latencies, clock.Elapsed.TotalSeconds, 0);
    }

    private static void Report(string name, LoadResult host, string baselineName, LoadResult baseline, double rss) =>
        Console.WriteLine(
            $"  {name}: median {host.P50:0} ms, max {host.Max:0} ms over {host.Count}; baseline {baselineName}: median {baseline.P50:0} ms, max {baseline.Max:0} ms; " +
            $"ratio {host.P50 / baseline.P50:0.0}; host peak RSS {rss:0} MB");

    private static void Section(string title) => Console.WriteLine($"{title}:");

    private static async Task ExplainAsync(BenchContext context, List<int> limits)
    {
        var members = Enumerable.Range(0, context.Company.Options.Customers).Select(context.Company.Customer)
            .Where(c => c.Index == 0 || c.ParentId == context.Company.CustomerId(0)).Select(c => c.Id).ToArray();
        var queries = new (string Name, string Sql, Action<NpgsqlCommand> Parameters)[]
        {
            ("aged balance, whole company: the bucketed sums per customer (one pass)", ProductSql.AgedSums(limits, context.AsOf, false), _ => { }),
            ("aged balance, whole company: the customer page (the first 1,000 customers' ids stand for those with an open item)", ProductSql.CustomerPage,
                c => c.Parameters.AddWithValue("customers", Enumerable.Range(0, Math.Min(1000, context.Company.Options.Customers)).Select(k => context.Company.Customer(k).Id).ToArray())),
            ("aged balance, one customer's group (a group head and its subsidiaries): the sums per member", ProductSql.AgedSums(limits, context.AsOf, true),
                c => c.Parameters.AddWithValue("customers", members)),
            ("DSO: the receivables on the date, summed (run once per distinct date)", ProductSql.Receivables, _ => { }),
            ("DSO: the invoices of the count-back months, per day", ProductSql.Sales, c => c.Parameters.AddWithValue("from", new DateOnly(context.AsOf.Year, context.AsOf.Month, 1).AddMonths(-36))),
            ("inbox: any open task scored for an earlier day (run before each read)", ProductSql.InboxStale, _ => { }),
            ("inbox: the first page by priority, joined to its instances", ProductSql.InboxFirstPage, _ => { }),
            ("inbox: the count of open tasks", ProductSql.InboxCount, _ => { }),
            ("baseline: the plain SQL aged balance", ReferenceSql.AgedBalance(limits, false), _ => { }),
        };
        foreach (var (name, sql, parameters) in queries)
        {
            Console.WriteLine($"EXPLAIN (ANALYZE, BUFFERS) {name}:");
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, context.Connection) { CommandTimeout = 600 };
            ReferenceSql.AddParameters(command, context.CompanyId, context.AsOf, null);
            parameters(command);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine("    " + reader.GetString(0));
            }
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    internal static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
