using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Etrepaye.Bench.Data.Harness;
using Etrepaye.Bench.OrderCheck;
using Npgsql;

// The order check under load, from this process over loopback HTTP, against an Etrepaye host started as a separate process on
// PostgreSQL with N customers and M open invoices (bulk-inserted with COPY, then the credit module's exposure rows rebuilt by its
// own refresh endpoint). In the same run, the same load on a trivial authenticated endpoint (GET …/credit/settings: the
// membership check and one primary-key read) gives the baseline. Usage: see bench/README.md.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(
        "usage: Etrepaye.Bench.OrderCheck --postgres <server connection string> [--customers 100000] [--items 1000000] [--seed 42] [--seconds 20] " +
        "[--concurrency 32] [--warmup 10] [--host-dll <Etrepaye.Host.dll>] [--port 5099] [--keep-database] [--database <a kept database, seeded already>] [--api-key]");
    return 2;
}

var culture = CultureInfo.InvariantCulture;
var companyId = Guid.Parse("01937a5e-0000-7000-8000-00000000de01");
var reuse = options.Database is not null;
var database = options.Database ?? $"etrepaye_bench_check_{Guid.NewGuid():N}"[..36];
var server = new NpgsqlConnectionStringBuilder(options.Postgres);
var target = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = database, Pooling = true, MaxPoolSize = 100 };
if (!reuse)
{
    await ExecuteAsync(server.ConnectionString, $"CREATE DATABASE {database}");
}

Console.WriteLine($"Etrepaye order-check benchmark: {Seeder.Describe(options.Customers)} customers, {Seeder.Describe(options.Items)} open invoices (seed {options.Seed}), " +
    $"{options.Concurrency} concurrent clients for {options.Seconds} s each, database {database} on {server.Host}:{server.Port}");

using var host = StartHost(options, target.ConnectionString);
var exit = 1;
try
{
    // The harness waits for the host to answer and signs in as the demo credit manager (bearer token).
    using var http = await HostProcess.ConnectAsync(host, options.Port, options.Concurrency * 2);
    var credit = $"/api/companies/{companyId}/credit";
    if (options.ApiKey)
    {
        // The way an ERP calls: an API key of the company (role CreditManager) instead of a person's bearer token.
        var admin = await (await http.PostAsJsonAsync("/api/auth/token", new { email = "admin@demo.etrepaye.test", password = "Etrepaye-Demo-2026" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        using var create = new HttpRequestMessage(HttpMethod.Post, $"/api/companies/{companyId}/api-keys") { Content = JsonContent.Create(new { name = $"bench {DateTime.UtcNow:O}", role = "CreditManager" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin.GetProperty("accessToken").GetString());
        var key = await (await http.SendAsync(create)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = null;
        http.DefaultRequestHeaders.Add("X-Api-Key", key.GetProperty("key").GetString());
        Console.WriteLine("  callers authenticate with an API key (X-Api-Key), as an ERP does");
    }

    var settings = await (await http.GetAsync($"{credit}/settings")).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
    (await http.PutAsJsonAsync($"{credit}/settings", new
    {
        includeDraftInvoices = false,
        deductCover = false,
        warningPercent = 80m,
        authorityCurrency = "EUR",
        authorityMatrix = new object[]
        {
            new { role = "Operator", label = "Analyst", maxAmount = (decimal?)10_000m },
            new { role = "CreditManager", label = "Credit manager", maxAmount = (decimal?)50_000m },
            new { role = "Administrator", label = "Finance director", maxAmount = (decimal?)null },
        },
        scoreWeights = new { equity = 20, profitability = 20, recordedIncidents = 15, daysLate = 25, disputes = 10, collectionIncidents = 10 },
        behaviourWindowDays = 365,
        version = settings.GetProperty("version").GetInt64(),
    })).EnsureSuccessStatusCode();

    var today = DateOnly.FromDateTime(DateTime.UtcNow);
    Guid[] customers;
    if (reuse)
    {
        customers = await Seeder.CustomersAsync(target.ConnectionString, companyId, CancellationToken.None);
        Console.WriteLine($"  reusing database {database}: {customers.Length.ToString("N0", culture)} customers already seeded");
    }
    else
    {
        var seeding = Stopwatch.StartNew();
        customers = await Seeder.SeedAsync(target.ConnectionString, companyId, options.Customers, options.Items, options.Seed, today, CancellationToken.None);
        Console.WriteLine($"  seeding (binary COPY into receivables.customers, receivables.items, credit_limits.limits): {seeding.Elapsed.TotalSeconds:0.0} s");
        var rebuild = Stopwatch.StartNew();
        var refreshed = await (await http.PostAsJsonAsync($"{credit}/exposure/refresh", new { customerId = (Guid?)null })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        Console.WriteLine($"  exposure rows rebuilt from the ledger by POST …/credit/exposure/refresh: {refreshed.GetProperty("customers").GetInt32().ToString("N0", culture)} customers " +
            $"in {rebuild.Elapsed.TotalSeconds:0.0} s");
        // Every table the check reads, as a DBA does after a bulk load: until autovacuum analyzes account_ancestors and limits (about a
        // minute later), PostgreSQL plans the check's read without their statistics, at 650 buffers a call instead of 27.
        await ExecuteAsync(target.ConnectionString, "ANALYZE credit_limits.accounts; ANALYZE credit_limits.exposure_lines; ANALYZE credit_limits.account_ancestors; ANALYZE credit_limits.limits; ANALYZE credit_limits.settings;");
    }

    var cpu = CpuMeter.Available ? new CpuMeter(host.Id, CpuMeter.ParentOf((int)await ScalarAsync(target.ConnectionString, "SELECT pg_backend_pid()"))) : null;

    HttpRequestMessage Check(Random random) => new(HttpMethod.Post, $"{credit}/check")
    {
        Content = JsonContent.Create(new { customerId = customers[random.Next(customers.Length)], amount = Math.Round((decimal)(random.NextDouble() * 20_000), 2) + 1m, currency = "EUR" }),
    };
    HttpRequestMessage Baseline(Random random) => new(HttpMethod.Get, $"{credit}/settings");

    // Warm-up long enough for tiered compilation to settle: a method is recompiled (instrumented, then optimised) only after
    // it has been called enough times, and with 3 s of warm-up the JIT still took seconds of CPU in the measured phase.
    await LoadAsync(http, Check, options.Concurrency, TimeSpan.FromSeconds(options.Warmup), options.Seed);
    await LoadAsync(http, Baseline, options.Concurrency, TimeSpan.FromSeconds(options.Warmup / 2.0), options.Seed);
    // The host's start-up work (the daily checks over the whole ledger) must be over before anything is measured.
    if (cpu is not null)
    {
        var settling = Stopwatch.StartNew();
        var last = cpu.Sample();
        while (settling.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var now = cpu.Sample();
            var busy = (now - last).HostSeconds / 2;
            last = now;
            if (busy < 0.05)
            {
                break;
            }
        }

        Console.WriteLine($"  host settled (under 50 ms CPU/s) {settling.Elapsed.TotalSeconds:0} s after its first answer");
    }

    // What the host's background work (outbox, engine, timers) and the database use with no request, per second.
    var idleStart = cpu?.Sample();
    await Task.Delay(TimeSpan.FromSeconds(5));
    var idle = cpu is null ? null : (cpu.Sample() - idleStart!) / 5;
    if (idle is not null)
    {
        Console.WriteLine($"  idle (no request, 5 s): host {idle.HostSeconds * 1000:0} ms CPU/s, PostgreSQL {idle.DatabaseSeconds * 1000:0} ms CPU/s");
    }

    var beforeBaseline = cpu?.Sample();
    var baseline = await LoadAsync(http, Baseline, options.Concurrency, TimeSpan.FromSeconds(options.Seconds), options.Seed);
    var beforeChecks = cpu?.Sample();
    var checks = await LoadAsync(http, Check, options.Concurrency, TimeSpan.FromSeconds(options.Seconds), options.Seed + 1);
    var afterChecks = cpu?.Sample();
    Print("baseline: GET …/credit/settings (authenticated, one read)", baseline);
    PrintCpu(cpu is null ? null : beforeChecks! - beforeBaseline!, baseline, idle);
    Print("order check: POST …/credit/check (reads exposure, writes the check)", checks);
    PrintCpu(cpu is null ? null : afterChecks! - beforeChecks!, checks, idle);
    Console.WriteLine($"  ratio: order check / baseline throughput = {checks.Throughput / baseline.Throughput:0.00}; p99 order check / baseline = {checks.P99 / baseline.P99:0.00}");
    var recorded = await ScalarAsync(target.ConnectionString, "SELECT count(*) FROM credit_limits.order_checks");
    Console.WriteLine($"  checks recorded in credit_limits.order_checks: {recorded.ToString("N0", culture)}; load average now: {LoadAverage()}");
    exit = checks.Errors == 0 && baseline.Errors == 0 ? 0 : 1;
}
finally
{
    if (!host.HasExited)
    {
        host.Kill(entireProcessTree: true);
        await host.WaitForExitAsync();
    }

    if (!options.KeepDatabase)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }
}

return exit;

static void Print(string name, LoadResult r) =>
    Console.WriteLine(
        $"  {name}: {r.Count.ToString("N0", CultureInfo.InvariantCulture)} requests in {r.Seconds:0.0} s = {r.Throughput.ToString("N0", CultureInfo.InvariantCulture)}/s; " +
        $"latency p50 {r.P50:0.0} ms, p95 {r.P95:0.0} ms, p99 {r.P99:0.0} ms, max {r.Max:0.0} ms; errors {r.Errors}" +
        (r.Decisions.Count == 0 ? "" : "; " + string.Join(", ", r.Decisions.OrderBy(d => d.Key).Select(d => $"{d.Key} {d.Value.ToString("N0", CultureInfo.InvariantCulture)}"))));

static void PrintCpu(CpuSample? used, LoadResult load, CpuSample? idle)
{
    if (used is null || idle is null || load.Count == 0)
    {
        return;
    }

    // Net of the idle rate over the phase, so the figure is what serving the requests cost.
    var net = used - idle * load.Seconds;
    double PerRequest(double seconds) => Math.Max(0, seconds) * 1000 / load.Count;
    var server = PerRequest(net.HostSeconds) + PerRequest(net.DatabaseSeconds);
    var cores = Environment.ProcessorCount;
    Console.WriteLine(
        $"    CPU per request (net of idle): host {PerRequest(net.HostSeconds):0.000} ms, PostgreSQL {PerRequest(net.DatabaseSeconds):0.000} ms, " +
        $"load generator {PerRequest(net.ClientSeconds):0.000} ms; on {cores} cores host + PostgreSQL alone could serve {cores * 1000 / server:N0}/s, " +
        $"{cores * 1000 / (server + PerRequest(net.ClientSeconds)):N0}/s with the load generator beside them");
}

// Closed loop: each client sends its next request when the previous answer arrives; latency is from send to full answer.
static async Task<LoadResult> LoadAsync(HttpClient http, Func<Random, HttpRequestMessage> request, int clients, TimeSpan duration, int seed)
{
    var latencies = new List<double>[clients];
    var errors = 0;
    var decisions = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
    var clock = Stopwatch.StartNew();
    var end = duration;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
    {
        var random = new Random(seed * 1000 + c);
        var mine = latencies[c] = new List<double>(100_000);
        while (clock.Elapsed < end)
        {
            var started = clock.Elapsed.TotalMilliseconds;
            using var message = request(random);
            using var response = await http.SendAsync(message);
            var body = await response.Content.ReadAsByteArrayAsync();
            mine.Add(clock.Elapsed.TotalMilliseconds - started);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
            }
            else if (message.Method == HttpMethod.Post)
            {
                var decision = TopLevelString(body, "decision"u8);
                decisions.AddOrUpdate(decision, 1, (_, n) => n + 1);
            }
        }
    })));
    var seconds = clock.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    double At(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
    return new LoadResult(all.Length, seconds, all.Length / seconds, At(0.50), At(0.95), At(0.99), all.Length == 0 ? double.NaN : all[^1], errors, new(decisions));
}

// The load generator shares the two cores with the host and PostgreSQL: it reads the one property it counts instead of building a
// document of the whole answer.
static string TopLevelString(byte[] json, ReadOnlySpan<byte> name)
{
    var reader = new Utf8JsonReader(json);
    while (reader.Read())
    {
        if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(name))
        {
            reader.Read();
            return reader.GetString()!;
        }

        if (reader.CurrentDepth >= 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }
    }

    throw new InvalidOperationException($"The answer has no \"{System.Text.Encoding.UTF8.GetString(name)}\": {System.Text.Encoding.UTF8.GetString(json)}");
}

static Process StartHost(Options options, string connectionString) => HostProcess.Start(options.HostDll, options.Port, connectionString);

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
    await command.ExecuteNonQueryAsync();
}

static async Task<long> ScalarAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed record LoadResult(int Count, double Seconds, double Throughput, double P50, double P95, double P99, double Max, int Errors, Dictionary<string, int> Decisions);

internal sealed record Options(
    string Postgres, int Customers, int Items, int Seed, int Seconds, int Concurrency, string HostDll, int Port, bool KeepDatabase, string? Database, bool ApiKey,
    int Warmup)
{
    public static Options? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var keep = false;
        var apiKey = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--keep-database")
            {
                keep = true;
            }
            else if (args[i] == "--api-key")
            {
                apiKey = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                return null;
            }
        }

        var postgres = values.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("ETREPAYE_TEST_POSTGRES");
        if (postgres is null)
        {
            return null;
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Options(
            postgres, Int("customers", 100_000), Int("items", 1_000_000), Int("seed", 42), Int("seconds", 20), Int("concurrency", 32),
            values.GetValueOrDefault("host-dll") ?? "src/Host/Etrepaye.Host/bin/Release/net10.0/Etrepaye.Host.dll", Int("port", 5099), keep || values.ContainsKey("database"), values.GetValueOrDefault("database"),
            apiKey, Int("warmup", 10));
    }
}
