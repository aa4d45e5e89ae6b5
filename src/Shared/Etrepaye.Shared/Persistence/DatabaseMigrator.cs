using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Etrepaye.Shared.Persistence;

/// <summary>Applies every module's migrations (at start-up and by the <c>migrate</c> verb) and reports their state.</summary>
public sealed partial class DatabaseMigrator(
    IServiceProvider services,
    ModuleDbContextRegistry registry,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var database = options.Value;
        if (!database.IsPostgres)
        {
            PrepareSqliteFile(database.ResolveConnectionString());
        }

        foreach (var registration in registry.All)
        {
            var context = (DbContext)services.GetService(registration.ContextType)!;
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await context.Database.MigrateAsync(cancellationToken);
            LogMigrated(logger, registration.Schema, pending.Count, string.Join(", ", pending));
        }
    }

    /// <summary>The modules whose database cannot be reached or has migrations not yet applied.</summary>
    public async Task<IReadOnlyList<string>> FindProblemsAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var registration in registry.All)
        {
            var context = (DbContext)services.GetService(registration.ContextType)!;
            try
            {
                if (!await context.Database.CanConnectAsync(cancellationToken))
                {
                    problems.Add($"{registration.Schema}: database unreachable");
                    continue;
                }

                var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                {
                    problems.Add($"{registration.Schema}: pending migrations {string.Join(", ", pending)}");
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                problems.Add($"{registration.Schema}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        return problems;
    }

    private static void PrepareSqliteFile(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Write-ahead logging lets readers work while one writer commits; the setting is kept in the file.
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema {Schema}: {Count} migration(s) applied {Migrations}")]
    private static partial void LogMigrated(ILogger logger, string schema, int count, string migrations);
}
