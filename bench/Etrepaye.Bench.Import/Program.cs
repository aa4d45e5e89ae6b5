using System.Diagnostics;
using System.Globalization;
using Etrepaye.Bench.Import;
using Etrepaye.Host.Hosting;
using Etrepaye.Receivables.Features.StartImport;
using Etrepaye.Receivables.Importing;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

// Imports a generated N-row ledger file through the real import use case (StartImport: both streaming passes, the ledger upserts,
// the outbox events) against a real database, then loads the same file into a plain table as a baseline, and prints rows/s for
// both, their ratio and the process's peak resident memory. Usage: see bench/README.md.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(
        "usage: Etrepaye.Bench.Import [--rows 20000] [--seed 42] [--provider sqlite|postgres] [--connection <connection string>] [--mode delta|full] [--file <path.csv>]\n" +
        "  sqlite without --connection uses a new database file in the temporary folder; postgres needs --connection (a database the bench may migrate).");
    return 2;
}

var culture = CultureInfo.InvariantCulture;
var path = options.File ?? Path.Combine(Path.GetTempPath(), $"etrepaye-bench-{options.Rows}-{options.Seed}.csv");
var generation = Stopwatch.StartNew();
var importDate = new DateOnly(2026, 1, 31);
var behaviour = IbmBehaviour.TryLoad();
LedgerFileGenerator.Write(path, options.Rows, options.Seed, behaviour, importDate);

generation.Stop();
var connection = options.Connection ?? $"Data Source={Path.Combine(Path.GetTempPath(), $"etrepaye-bench-{Guid.NewGuid():N}.db")}";
Console.WriteLine($"Etrepaye import benchmark: {options.Rows.ToString("N0", culture)} rows (seed {options.Seed}) on {options.Provider}");
Console.WriteLine(behaviour is null
    ? "  payment behaviour: uniform (the IBM sample ../shared/data/ibm-accounts-receivable.csv was not found)"
    : $"  payment behaviour: drawn from the IBM sample ({behaviour.Count:N0} invoices, {behaviour.LateRate:P0} paid late, {behaviour.DisputeRate:P0} disputed)");
Console.WriteLine($"  file: {path}, {new FileInfo(path).Length / 1024.0 / 1024.0:0.0} MB, generated in {generation.Elapsed.TotalSeconds:0.0} s");
if (options.Connection is null)
{
    Console.WriteLine($"  database: {connection}");
}

await using var app = EtrepayeApplication.Build(
    [$"--Database:Provider={options.Provider}", $"--Database:ConnectionString={connection}", "--Etrepaye:DemoMode=false", "--Serilog:MinimumLevel:Default=Warning"]);
await EtrepayeApplication.MigrateAsync(app.Services, CancellationToken.None);

var mapping = new ImportMappingDefinition(
    new ImportColumns("customer", "reference", "issue_date", "amount", ItemType: "type", Currency: "currency", DueDate: "due_date",
        SettledDate: "settled_date", SettledAmount: "settled_amount", CustomerName: "customer_name", Disputed: "disputed"),
    ["yyyy-MM-dd"], ItemTypeValues: new Dictionary<string, string> { ["INV"] = "Invoice", ["CRN"] = "CreditNote", ["PAY"] = "Payment" });
var import = Stopwatch.StartNew();
ImportOutcome outcome;
await using (var scope = app.Services.CreateAsyncScope())
{
    // A company of its own for each run, so that a reused database starts from an empty ledger.
    scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(Guid.CreateVersion7(), "bench");
    var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
        new StartImportCommand(Path.GetFileName(path), path, null, null, mapping, options.Mode, "rejectFile", importDate));
    outcome = new ImportOutcome(result.Status, result.RowsApplied, result.ItemsCreated, result.RowsRejected);
}

import.Stop();
var peakAfterImport = PeakResidentMegabytes();
var importRate = outcome.RowsApplied / import.Elapsed.TotalSeconds;
Console.WriteLine($"  import (StartImport use case, mode {options.Mode}): {outcome.RowsApplied.ToString("N0", culture)} rows in {import.Elapsed.TotalSeconds:0.00} s " +
    $"= {importRate.ToString("N0", culture)} rows/s; status {outcome.Status}, items created {outcome.ItemsCreated.ToString("N0", culture)}, rows rejected {outcome.RowsRejected}");

var baselineName = options.Provider == "postgres" ? "COPY FROM STDIN (FORMAT csv) into a plain table" : "multi-row INSERT into a plain table in one transaction";
var baseline = Stopwatch.StartNew();
var loaded = await Baseline.LoadAsync(options.Provider, connection, path, CancellationToken.None);
baseline.Stop();
var baselineRate = loaded / baseline.Elapsed.TotalSeconds;
Console.WriteLine($"  baseline ({baselineName}): {loaded.ToString("N0", culture)} rows in {baseline.Elapsed.TotalSeconds:0.00} s = {baselineRate.ToString("N0", culture)} rows/s");
Console.WriteLine($"  ratio: import / baseline = {importRate / baselineRate:0.000} (the baseline is {baselineRate / importRate:0.0}x faster)");
Console.WriteLine($"  peak RSS (VmHWM): {peakAfterImport} MB after the import, {PeakResidentMegabytes()} MB at the end");
return outcome.Status is "Completed" ? 0 : 1;

static string PeakResidentMegabytes()
{
    var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
    return line is null ? "n/a" : (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0).ToString("0", CultureInfo.InvariantCulture);
}

internal sealed record ImportOutcome(string Status, long RowsApplied, long ItemsCreated, long RowsRejected);

internal sealed record Options(int Rows, int Seed, string Provider, string? Connection, string Mode, string? File)
{
    public static Options? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            values[args[i][2..]] = args[i + 1];
        }

        if (args.Length % 2 != 0 || values.Keys.Except(["rows", "seed", "provider", "connection", "mode", "file"], StringComparer.OrdinalIgnoreCase).Any())
        {
            return null;
        }

        var provider = values.GetValueOrDefault("provider", "sqlite");
        var mode = values.GetValueOrDefault("mode", "delta");
        if (!int.TryParse(values.GetValueOrDefault("rows", "20000"), CultureInfo.InvariantCulture, out var rows) || rows <= 0
            || !int.TryParse(values.GetValueOrDefault("seed", "42"), CultureInfo.InvariantCulture, out var seed)
            || provider is not ("sqlite" or "postgres") || mode is not ("delta" or "full")
            || (provider == "postgres" && !values.ContainsKey("connection")))
        {
            return null;
        }

        return new Options(rows, seed, provider, values.GetValueOrDefault("connection"), mode, values.GetValueOrDefault("file"));
    }
}
