using System.Globalization;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Etrepaye.Bench.Workflows;

/// <summary>Command-line settings: <c>--name value</c> pairs.</summary>
internal sealed record BenchOptions(
    string Provider,
    string? PostgresAdmin,
    int Instances,
    int Waiting,
    int EventsPerSecond,
    int Seconds,
    int Parallelism,
    string Only,
    IReadOnlyList<int> Processes)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var provider = values.GetValueOrDefault("provider", "sqlite").ToLowerInvariant();
        var admin = values.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("ETREPAYE_TEST_POSTGRES");
        if (provider == "postgres" && admin is null)
        {
            throw new ArgumentException("--provider postgres needs --postgres <connection string to a server where the bench may create a database>.");
        }

        return new BenchOptions(provider, admin, Int("instances", 100_000), Int("waiting", 20_000), Int("rate", 1_000), Int("seconds", 10), Int("parallelism", 2), values.GetValueOrDefault("only", "all"),
            [.. values.GetValueOrDefault("processes", "1,2,3").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))]);
    }
}

/// <summary>A fresh database for one benchmark, dropped afterwards.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _sqliteDirectory;
    private readonly string? _admin;
    private readonly string? _name;

    private BenchDatabase(string provider, string connectionString, string? sqliteDirectory, string? admin, string? name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteDirectory = sqliteDirectory;
        _admin = admin;
        _name = name;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(BenchOptions options)
    {
        if (options.Provider != "postgres")
        {
            var directory = Path.Combine(Path.GetTempPath(), "etrepaye-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            return new BenchDatabase("sqlite", $"Data Source={Path.Combine(directory, "bench.db")}", directory, null, null);
        }

        var name = $"etrepaye_bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(options.PostgresAdmin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new BenchDatabase("postgres", new NpgsqlConnectionStringBuilder(options.PostgresAdmin) { Database = name, MaxPoolSize = 50 }.ConnectionString, null, options.PostgresAdmin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_sqliteDirectory, recursive: true);
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A clock the benchmark moves by hand.</summary>
internal sealed class BenchClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan delta) => Interlocked.Add(ref _ticks, delta.Ticks);
}

/// <summary>The durable engine as the host wires it (same registration, same workers), without HTTP.</summary>
internal sealed class BenchEngine : IAsyncDisposable
{
    public static readonly Guid CompanyId = Guid.Parse("01937a5e-0000-7000-8000-0000000be001");

    private readonly ServiceProvider _services;

    public BenchEngine(BenchDatabase database, BenchClock clock, int parallelism, params string[] definitions)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider,
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Workflows:WorkersEnabled"] = "false",
            ["Workflows:TimerParallelism"] = parallelism.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        // The migrator probes the history table of a fresh database, which EF logs as a failed command.
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None).AddSimpleConsole());
        services.AddSingleton<TimeProvider>(clock);
        services.AddScoped<RequestContext>();
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.SectionName));
        services.AddWorkflowEngine(configuration);
        _services = services.BuildServiceProvider();
        var provider = (InMemoryDefinitionProvider)_services.GetRequiredService<IWorkflowDefinitionProvider>();
        foreach (var definition in definitions)
        {
            provider.Add(WorkflowDefinitionSerializer.Parse(definition));
        }
    }

    internal WorkflowTimerWorker TimerWorker => _services.GetRequiredService<WorkflowTimerWorker>();

    public IWorkflowStimulusPublisher Stimuli => _services.GetRequiredService<IWorkflowStimulusPublisher>();

    public async Task MigrateAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    /// <summary>Runs work in a scope of its own for the bench company, as a request or an event handler would.</summary>
    public async Task<T> InScopeAsync<T>(Func<WorkflowHost, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(CompanyId, "bench");
        return await work(scope.ServiceProvider.GetRequiredService<WorkflowHost>());
    }

    internal async Task<T> QueryAsync<T>(Func<WorkflowDbContext, Task<T>> query)
    {
        await using var scope = _services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>());
    }

    /// <summary>Starts instances in committed batches of a thousand, as a bulk start would.</summary>
    public async Task SeedAsync(string definitionId, int count, Func<int, Dictionary<string, string>> keys, string? timeZoneId = null)
    {
        for (var offset = 0; offset < count; offset += 1_000)
        {
            var requests = Enumerable.Range(offset, Math.Min(1_000, count - offset))
                .Select(i => new StartInstanceRequest { DefinitionId = definitionId, CorrelationKeys = keys(i), TimeZoneId = timeZoneId })
                .ToList();
            await InScopeAsync(host => host.StartManyAsync(requests, CancellationToken.None));
        }
    }

    public static Dictionary<string, string> Keys(string invoice) =>
        new() { [WorkflowCorrelation.CompanyKey] = CompanyId.ToString(), ["invoice"] = invoice };

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

/// <summary>Peak resident memory of this process over a phase, read from /proc (Linux).</summary>
internal static class PeakMemory
{
    /// <summary>Resets the kernel's high-water mark so that the next reading covers only what follows.</summary>
    public static void Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux or not allowed: the peak then covers the whole process.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static double PeakMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
