using System.Diagnostics;
using Npgsql;

namespace Etrepaye.Bench.DailyRun;

/// <summary>
/// The same row changes as the daily run made, as set-based SQL in one transaction (rolled back): copies (INSERT … SELECT, new
/// ids) of the run's integration events and inbox rows in every module, of the cases it opened with their items, of the
/// procedure instances it started with their timers, of its journal entries, effects and reminder messages with their
/// attachments; the instances advanced by as many versions as the run advanced them (one UPDATE per step), and their timers
/// replaced. What it leaves out: the audit entries, and the reads (the ledger's open items, templates) the product does.
/// </summary>
internal static class Baseline
{
    public static async Task<(double Seconds, string Summary)> RunAsync(NpgsqlConnection connection, Seeded seeded, DateTimeOffset startedAt)
    {
        var schemas = (await Sql.RowsAsync(connection, "SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox_messages' ORDER BY 1"))
            .Select(r => (string)r[0]!).ToList();
        var steps = await Sql.ScalarAsync<int>(connection,
            "SELECT coalesce(round(avg(i.version - t.version)), 0)::int FROM workflows.instances i JOIN public.bench_timed t ON t.instance_id = i.id");
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        var counts = new Dictionary<string, long>();
        async Task CopyAsync(string label, string table, string from, Dictionary<string, string> overrides) =>
            counts[label] = counts.GetValueOrDefault(label) + await Sql.CopyRowsAsync(connection, transaction, table, from, overrides);
        Task<int> RunSqlAsync(string sql) => Sql.ExecuteAsync(connection, sql, transaction);

        await RunSqlAsync($"CREATE TEMP TABLE bench_start ON COMMIT DROP AS SELECT '{startedAt:O}'::timestamptz AS at");
        foreach (var schema in schemas)
        {
            await CopyAsync("events", $"{schema}.outbox_messages", $"{schema}.outbox_messages t, bench_start s WHERE t.occurred_at >= s.at", new() { ["id"] = "gen_random_uuid()" });
            await CopyAsync("inbox rows", $"{schema}.inbox_messages", $"{schema}.inbox_messages t, bench_start s WHERE t.processed_at >= s.at", new() { ["message_id"] = "gen_random_uuid()" });
        }

        await RunSqlAsync("""
            CREATE TEMP TABLE bench_base_case ON COMMIT DROP AS
              SELECT c.id AS old_id, gen_random_uuid() AS new_id, c.procedure_instance_id AS old_instance, gen_random_uuid() AS new_instance
              FROM collection.cases c JOIN public.bench_expected e USING (customer_id) WHERE c.status <> 'Closed';
            CREATE TEMP TABLE bench_base_timer ON COMMIT DROP AS
              SELECT x.id AS old_id, gen_random_uuid() AS new_id FROM workflows.timers x JOIN public.bench_timed t USING (instance_id);
            CREATE TEMP TABLE bench_base_message ON COMMIT DROP AS
              SELECT m.id AS old_id, gen_random_uuid() AS new_id FROM collection.messages m JOIN public.bench_timed t USING (case_id) WHERE m.kind = 'reminder';
            """);
        await CopyAsync("cases", "collection.cases", "collection.cases t JOIN bench_base_case b ON b.old_id = t.id",
            new() { ["id"] = "b.new_id", ["procedure_instance_id"] = "b.new_instance" });
        await CopyAsync("case items", "collection.case_items", "collection.case_items t JOIN bench_base_case b ON b.old_id = t.case_id",
            new() { ["id"] = "gen_random_uuid()", ["case_id"] = "b.new_id" });
        await CopyAsync("instances started", "workflows.instances", "workflows.instances t JOIN bench_base_case b ON b.old_instance = t.id", new() { ["id"] = "b.new_instance" });
        await CopyAsync("timers", "workflows.timers", "workflows.timers t JOIN bench_base_case b ON b.old_instance = t.instance_id",
            new() { ["id"] = "gen_random_uuid()", ["instance_id"] = "b.new_instance" });
        for (var step = 0; step < steps; step++)
        {
            counts["instance steps (UPDATE)"] = counts.GetValueOrDefault("instance steps (UPDATE)") + await RunSqlAsync(
                "UPDATE workflows.instances i SET version = i.version + 1, snapshot = i.snapshot || '', updated_at = now() FROM public.bench_timed t WHERE i.id = t.instance_id");
        }

        await CopyAsync("timers", "workflows.timers", "workflows.timers t JOIN bench_base_timer b ON b.old_id = t.id", new() { ["id"] = "b.new_id" });
        counts["timers deleted"] = await RunSqlAsync("DELETE FROM workflows.timers x USING bench_base_timer b WHERE x.id = b.old_id");
        await CopyAsync("journal entries", "workflows.journal_entries", "workflows.journal_entries t, bench_start s WHERE t.at >= s.at",
            new() { ["sequence"] = "t.sequence + 1000000000" });
        await CopyAsync("effects", "workflows.effect_commands", "workflows.effect_commands t, bench_start s WHERE t.requested_at >= s.at",
            new() { ["idempotency_key"] = "t.idempotency_key || ':baseline'" });
        await CopyAsync("messages", "collection.messages", "collection.messages t JOIN bench_base_message b ON b.old_id = t.id",
            new() { ["id"] = "b.new_id", ["idempotency_key"] = "t.idempotency_key || ':baseline'" });
        await CopyAsync("message attachments", "collection.message_attachments", "collection.message_attachments t JOIN bench_base_message b ON b.old_id = t.message_id",
            new() { ["id"] = "gen_random_uuid()", ["message_id"] = "b.new_id" });
        var seconds = clock.Elapsed.TotalSeconds;
        await transaction.RollbackAsync();
        return (seconds, string.Join(", ", counts.Select(c => $"{c.Key} {c.Value:N0}")));
    }
}
