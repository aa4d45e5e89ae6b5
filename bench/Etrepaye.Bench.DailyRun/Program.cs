using System.Globalization;
using Etrepaye.Bench.DailyRun;

// The daily run at scale: for each process count, a fresh PostgreSQL database is seeded with customers whose invoices fell due
// yesterday and procedure instances whose timers are due, then 1..K Release host processes run the daily run (overdue check, cases,
// procedures, timers, reminders) while the bench polls the database; optionally under live HTTP traffic. Checks every run and
// measures the same row changes as set-based SQL. Usage: see bench/README.md.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(
        "usage: Etrepaye.Bench.DailyRun --postgres <server connection string> [--overdue 10000] [--timers 100000] [--customers 100000] [--invoices 1000000] " +
        "[--tasks 100000] [--seed 42] [--processes 1,2,3] [--traffic] [--concurrency 4] [--traffic-rate 0] [--host-dll <Etrepaye.Host.dll>] [--port 5097] [--timeout-minutes 60] [--keep-database]");
    return 2;
}

if (options.Postgres is null)
{
    Console.Error.WriteLine("--postgres (or ETREPAYE_TEST_POSTGRES) is required.");
    return 2;
}

Console.WriteLine(
    $"Etrepaye daily-run benchmark: {N(options.Overdue)} customers falling overdue, {N(options.Timers)} due timers, generated company of {N(options.Customers)} customers, " +
    $"{N(options.Invoices)} invoices, {N(options.Tasks)} open tasks (seed {options.Seed}); processes {string.Join(", ", options.Processes)}; traffic {(options.Traffic ? $"on, {options.Concurrency} clients per kind, " + (options.TrafficRate > 0 ? $"{options.TrafficRate} requests/s per kind" : "closed loop") : "off")}");

var results = new List<RunResult>();
var ok = true;
foreach (var processes in options.Processes)
{
    var result = await DailyRunBenchmark.RunAsync(options, processes);
    results.Add(result);
    ok &= result.Correct;
}

Console.WriteLine();
Console.WriteLine("curve (processes -> daily run, rate, speed-up over the first count):");
var first = results[0];
foreach (var r in results)
{
    Console.WriteLine(
        $"  {r.Processes} process(es): daily run {r.Seconds:0.0} s, {F(r.Work / r.Seconds)} cases and timer steps/s, speed-up {first.Seconds / r.Seconds:0.00}x, " +
        $"baseline ratio {r.Seconds / r.BaselineSeconds:0.0}x, peak RSS {string.Join(", ", r.PeakMegabytes.Select(p => $"{p:0} MB"))}, checks {(r.Correct ? "OK" : "FAILED")}");
}

Console.WriteLine(ok ? "every check held" : "CHECKS FAILED (see above)");
return ok ? 0 : 1;

static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

static string F(double value) => value.ToString(value < 100 ? "N1" : "N0", CultureInfo.InvariantCulture);

internal sealed record Options(
    string? Postgres, int Overdue, int Timers, int Customers, int Invoices, int Tasks, int Seed, int[] Processes, bool Traffic, int Concurrency, int TrafficRate, string HostDll,
    int Port, int TimeoutMinutes, bool KeepDatabase)
{
    public static Options? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--traffic" or "--keep-database")
            {
                flags.Add(args[i][2..]);
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

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var processes = values.TryGetValue("processes", out var p) ? p.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray() : [1];
        var options = new Options(
            values.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("ETREPAYE_TEST_POSTGRES"),
            Int("overdue", 10_000), Int("timers", 100_000), Int("customers", 100_000), Int("invoices", 1_000_000), Int("tasks", 100_000), Int("seed", 42), processes,
            flags.Contains("traffic"), Int("concurrency", 4), Int("traffic-rate", 0), values.GetValueOrDefault("host-dll") ?? "src/Host/Etrepaye.Host/bin/Release/net10.0/Etrepaye.Host.dll",
            Int("port", 5097), Int("timeout-minutes", 60), flags.Contains("keep-database"));
        return options.Overdue < 1 || options.Timers < 1 || options.Customers < 1 || processes.Length == 0 || processes.Any(n => n < 1) ? null : options;
    }
}
