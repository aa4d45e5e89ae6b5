using Npgsql;

namespace Etrepaye.Bench.DailyRun;

/// <summary>What the hosts still have to do, read from the database (the backlog docs/operations.md says to watch).</summary>
internal static class Backlog
{
    private static string? _undelivered;

    /// <summary>Integration events not yet delivered, over every module's outbox.</summary>
    public static async Task<long> UndeliveredEventsAsync(NpgsqlConnection connection)
    {
        if (_undelivered is null)
        {
            var schemas = (await Sql.RowsAsync(connection, "SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox_messages' ORDER BY 1"))
                .Select(r => (string)r[0]!).ToList();
            _undelivered = "SELECT " + string.Join(" + ", schemas.Select(s => $"(SELECT count(*) FROM {s}.outbox_messages WHERE dispatched_at IS NULL)"));
        }

        return await Sql.ScalarAsync<long>(connection, _undelivered);
    }

    public static Task<long> PendingEffectsAsync(NpgsqlConnection connection) =>
        Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM workflows.effect_commands WHERE status = 'Pending'");

    public static Task<long> DueTimersAsync(NpgsqlConnection connection) =>
        Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM workflows.timers WHERE due_at <= now()");
}
