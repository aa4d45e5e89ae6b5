using Npgsql;

namespace Etrepaye.Bench.DailyRun;

/// <summary>What every run must show, read from the database; each failure is printed and fails the run.</summary>
internal static class Checks
{
    public static async Task<bool> RunAsync(NpgsqlConnection connection, Seeded seeded, DateTimeOffset startedAt, TrafficResult? traffic)
    {
        var failures = new List<string>();
        async Task ExpectZeroAsync(string what, string sql)
        {
            var count = await Sql.ScalarAsync<long>(connection, sql, null, ("c", Seeder.Company), ("start", startedAt));
            if (count != 0)
            {
                failures.Add($"{what}: {count:N0}");
            }
        }

        // Grouped counts joined to the expected rows (hash joins): correlated subqueries would not scale to 100,000 rows.
        await ExpectZeroAsync("overdue customers without exactly one open case", """
            SELECT count(*) FROM public.bench_expected e
            LEFT JOIN (SELECT customer_id, count(*) AS n FROM collection.cases WHERE company_id = @c AND status <> 'Closed' GROUP BY customer_id) c USING (customer_id)
            WHERE coalesce(c.n, 0) <> 1
            """);
        await ExpectZeroAsync("cases opened without exactly one procedure instance of their customer", """
            SELECT count(*) FROM public.bench_expected e
            LEFT JOIN (SELECT customer, count(*) AS n FROM workflows.instances
                       WHERE company_id = @c AND definition_id = (SELECT x.definition_id FROM workflows.instances x JOIN public.bench_timed t ON t.instance_id = x.id LIMIT 1)
                       GROUP BY customer) i ON i.customer = e.customer_id::text
            WHERE coalesce(i.n, 0) <> 1
            """);
        await ExpectZeroAsync("cases whose procedure instance does not exist", """
            SELECT count(*) FROM collection.cases c JOIN public.bench_expected e USING (customer_id)
            LEFT JOIN workflows.instances i ON i.id = c.procedure_instance_id
            WHERE c.status <> 'Closed' AND i.id IS NULL
            """);
        await ExpectZeroAsync("due timers not fired exactly once (journal: completions of the wait for reminder 1)", """
            SELECT count(*) FROM public.bench_timed t
            LEFT JOIN (SELECT instance_id, count(*) AS n FROM workflows.journal_entries WHERE activity_id = 'waitReminder1' AND kind = 'ActivityCompleted' GROUP BY instance_id) j
              USING (instance_id)
            WHERE coalesce(j.n, 0) <> 1
            """);
        await ExpectZeroAsync("timers due at the start still pending", """
            SELECT count(*) FROM workflows.timers x JOIN public.bench_timed t USING (instance_id) WHERE x.due_at <= @start
            """);
        await ExpectZeroAsync("cases in collection without exactly one reminder rendered", """
            SELECT count(*) FROM public.bench_timed t
            LEFT JOIN (SELECT case_id, count(*) AS n FROM collection.messages WHERE company_id = @c AND kind = 'reminder' AND level = 1 GROUP BY case_id) m USING (case_id)
            WHERE coalesce(m.n, 0) <> 1
            """);
        await ExpectZeroAsync("instances without exactly one reminder effect", """
            SELECT count(*) FROM public.bench_timed t
            LEFT JOIN (SELECT instance_id, count(*) AS n FROM workflows.effect_commands WHERE activity_id = 'reminder1' GROUP BY instance_id) e USING (instance_id)
            WHERE coalesce(e.n, 0) <> 1
            """);
        await ExpectZeroAsync("effects of the run not succeeded, or attempted more than once", """
            SELECT count(*) FROM workflows.effect_commands WHERE requested_at >= @start AND (status <> 'Succeeded' OR attempts > 1)
            """);
        await ExpectZeroAsync("faulted instances", "SELECT count(*) FROM workflows.instances WHERE status = 'Faulted'");
        if (traffic is not null)
        {
            if (traffic.Anomalies.Count > 0)
            {
                failures.Add($"claim contests without exactly one winner and one 409: {traffic.Anomalies.Count} ({string.Join("; ", traffic.Anomalies.Take(5))})");
            }

            var claimed = await Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM workflows.human_tasks WHERE claimed_by IS NOT NULL");
            if (claimed != traffic.Contests)
            {
                failures.Add($"tasks claimed in the database ({claimed:N0}) differ from the contests ({traffic.Contests:N0})");
            }

            if (traffic.OrderChecks.Errors + traffic.InboxPages.Errors + traffic.Claims.Errors > 0)
            {
                failures.Add($"failed requests: order checks {traffic.OrderChecks.Errors}, inbox {traffic.InboxPages.Errors}, claims {traffic.Claims.Errors}");
            }
        }

        Console.WriteLine(failures.Count == 0
            ? "  checks OK: each overdue customer one open case, each case one procedure instance, each due timer fired once, each reminder rendered once, " +
              "each effect once" + (traffic is null ? "" : ", each task claimed once (one 200 and one 409 per contest)")
            : "  CHECKS FAILED:\n" + string.Join("\n", failures.Select(f => $"    - {f}")));
        return failures.Count == 0;
    }
}
