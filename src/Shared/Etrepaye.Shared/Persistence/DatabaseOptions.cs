using System.Data.Common;
using Npgsql;

namespace Etrepaye.Shared.Persistence;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>"sqlite" (embedded default) or "postgres".</summary>
    public string Provider { get; set; } = DatabaseProviders.Sqlite;

    /// <summary>For PostgreSQL: the Npgsql connection string. For SQLite: optional; defaults to a file in <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite file lives when no connection string is given.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations of every module when the host starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public bool IsPostgres => string.Equals(Provider, DatabaseProviders.Postgres, StringComparison.OrdinalIgnoreCase);

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return IsPostgres ? WithPostgresDefaults(ConnectionString) : ConnectionString;
        }

        if (IsPostgres)
        {
            throw new InvalidOperationException("Database:Provider is postgres but Database:ConnectionString is empty.");
        }

        return $"Data Source={Path.Combine(Path.GetFullPath(DataDirectory), "etrepaye.db")}";
    }

    // The same few statements run thousands of times (order checks, membership checks, the engine's polls): prepared on the
    // server, they skip parsing and planning. No session state is ever left on a connection (no temporary table, LISTEN or
    // session lock), so the reset Npgsql sends when a pooled connection is reused is a round trip for nothing. A connection
    // string that sets either keeps its own value.
    private static string WithPostgresDefaults(string connectionString)
    {
        // Npgsql's own builder answers ContainsKey for every keyword it knows; the generic one only for those written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())
            .ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!written.Contains("MAXAUTOPREPARE"))
        {
            builder.MaxAutoPrepare = 100;
        }

        if (!written.Contains("NORESETONCLOSE"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}

public static class DatabaseProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}
