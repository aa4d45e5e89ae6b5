using Npgsql;

namespace Etrepaye.Bench.Reports;

/// <summary>
/// The statements the database ran for this database, from pg_stat_statements when the server preloads it (optional: without it
/// every sample is null): calls and execution time per statement, so a phase's difference gives the statements per request.
/// </summary>
internal sealed class StatementCounter(NpgsqlConnection connection)
{
    // The bench's own reads of the view are left out.
    private const string Sql =
        "SELECT queryid, calls, total_exec_time, query FROM pg_stat_statements " +
        "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'";

    public static async Task<StatementCounter?> CreateAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT count(*) FROM pg_stat_statements", connection);
            await command.ExecuteScalarAsync();
            return new StatementCounter(connection);
        }
        catch (PostgresException)
        {
            return null;
        }
    }

    public async Task<Dictionary<long, StatementStats>> SampleAsync()
    {
        var stats = new Dictionary<long, StatementStats>();
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
            var row = new StatementStats(reader.GetInt64(1), reader.GetDouble(2), reader.GetString(3));
            stats[id] = stats.TryGetValue(id, out var other) ? row with { Calls = row.Calls + other.Calls, TotalMs = row.TotalMs + other.TotalMs } : row;
        }

        return stats;
    }

    /// <summary>Each statement's calls and execution time between two samples, most called first.</summary>
    public static List<StatementStats> Difference(Dictionary<long, StatementStats> before, Dictionary<long, StatementStats> after) =>
        [.. after.Select(a => before.TryGetValue(a.Key, out var b) ? a.Value with { Calls = a.Value.Calls - b.Calls, TotalMs = a.Value.TotalMs - b.TotalMs } : a.Value)
            .Where(s => s.Calls > 0).OrderByDescending(s => s.Calls).ThenByDescending(s => s.TotalMs)];
}

internal sealed record StatementStats(long Calls, double TotalMs, string Query);
