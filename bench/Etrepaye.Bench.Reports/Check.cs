using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Etrepaye.Bench.Reports;

/// <summary>
/// Proves the generated data is what the product reads: the host's own endpoints (aged balance of the company and of some
/// customers' groups, count-back DSO, the inbox's first page) must agree with SQL computed from the definitions over the rows.
/// </summary>
internal static class Check
{
    public static async Task<bool> RunAsync(BenchContext context)
    {
        var failures = new List<string>();
        void Expect(string what, object? expected, object? actual)
        {
            var ok = Equals(expected, actual);
            Console.WriteLine($"  {(ok ? "ok  " : "FAIL")} {what}: expected {expected}, host {actual}");
            if (!ok)
            {
                failures.Add(what);
            }
        }

        var whole = await context.GetAsync($"{context.Api}/receivables/aged-balance?asOf={context.AsOfText}&currency=EUR");
        var limits = BenchContext.Limits(whole);
        var expected = await ReferenceSql.AgedBalanceAsync(context.Connection, context.CompanyId, context.AsOf, limits, null);
        Console.WriteLine($"  bucket limits {string.Join('/', limits)}; {expected.Sum(b => b.Count).ToString("N0", CultureInfo.InvariantCulture)} open items");
        if (expected.Count == 0)
        {
            failures.Add("the generated company has no open item");
        }

        CompareLine("company", Line(whole.GetProperty("totals")), expected, limits, Expect);
        Expect("company: customers with an open item", await CustomersWithOpenItemsAsync(context), whole.GetProperty("customers").GetProperty("totalCount").GetInt32());

        // Group heads, a subsidiary and stand-alone customers: the group endpoint consolidates the customer and its subsidiaries.
        foreach (var index in new[] { 0, 1, context.Company.GroupHeads + 1, context.Company.Options.Customers / 2, context.Company.Options.Customers - 1 })
        {
            var customer = context.Company.Customer(index);
            var group = await context.GetAsync($"{context.Api}/receivables/customers/{customer.Id}/group/aged-balance?asOf={context.AsOfText}");
            var members = await MembersAsync(context.Connection, customer.Id);
            Expect($"customer {customer.Reference}: group members", members.Length, group.GetProperty("memberCount").GetInt32());
            var sums = await ReferenceSql.AgedBalanceAsync(context.Connection, context.CompanyId, context.AsOf, limits, members);
            CompareLine($"customer {customer.Reference} (group of {members.Length})", Line(group.GetProperty("totals")), sums, limits, Expect);
        }

        var kpis = await context.GetAsync($"{context.Api}/receivables/kpis?asOf={context.AsOfText}&currency=EUR");
        var receivables = expected.Where(b => !b.Credit).Sum(b => b.Amount);
        Expect("DSO inputs: receivables on the as-of date", receivables, kpis.GetProperty("inputs").GetProperty("receivablesAtAsOf").GetDecimal());
        Expect("DSO inputs: not due", expected.Where(b => !b.Credit && b.Bucket == 0).Sum(b => b.Amount), kpis.GetProperty("inputs").GetProperty("notDueAtAsOf").GetDecimal());
        var dso = kpis.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "dsoCountBack").GetProperty("value");
        Expect("count-back DSO (days)", await ReferenceSql.CountBackDsoAsync(context.Connection, context.CompanyId, context.AsOf, receivables),
            dso.ValueKind == JsonValueKind.Null ? null : dso.GetDecimal());

        var inbox = await context.GetAsync($"{context.Api}/tasks?page=1&pageSize=50");
        Expect("inbox: open tasks", await ScalarAsync(context, "SELECT count(*)::int FROM workflows.human_tasks WHERE company_id = @company AND status = 'Open'"),
            inbox.GetProperty("totalCount").GetInt32());
        var firstPage = await FirstPageAsync(context, 50);
        var hostPage = inbox.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
        Expect($"inbox: first page, {firstPage.Count} task ids in priority order", true, firstPage.Count > 0 && firstPage.SequenceEqual(hostPage));

        Console.WriteLine(failures.Count == 0 ? "  check passed: the host's reports agree with SQL over the generated rows" : $"  check FAILED: {string.Join("; ", failures)}");
        return failures.Count == 0;
    }

    private static void CompareLine(string what, JsonElement? line, List<SqlBucket> sums, List<int> limits, Action<string, object?, object?> expect)
    {
        (decimal, int) Of(Func<SqlBucket, bool> selected) => (sums.Where(selected).Sum(b => b.Amount), sums.Where(selected).Sum(b => b.Count));
        (decimal, int)? Host(string property) => line is { } l ? (l.GetProperty(property).GetProperty("amount").GetDecimal(), l.GetProperty(property).GetProperty("count").GetInt32()) : null;
        if (line is null && sums.Count == 0)
        {
            expect($"{what}: nothing open", true, true);
            return;
        }

        expect($"{what}: total open debits", Of(b => !b.Credit), Host("totalOpen"));
        expect($"{what}: not due", Of(b => !b.Credit && b.Bucket == 0), Host("notDue"));
        expect($"{what}: overdue", Of(b => !b.Credit && b.Bucket > 0), Host("totalOverdue"));
        expect($"{what}: unapplied credits", Of(b => b.Credit), Host("unappliedCredits"));
        for (var k = 1; k <= limits.Count + 1; k++)
        {
            var bucket = k;
            var host = line?.GetProperty("buckets")[k - 1];
            expect($"{what}: bucket {k}", Of(b => !b.Credit && b.Bucket == bucket),
                host is { } h ? (h.GetProperty("amount").GetDecimal(), h.GetProperty("count").GetInt32()) : null);
        }
    }

    private static JsonElement? Line(JsonElement totals) => totals.EnumerateArray().Where(t => t.GetProperty("currency").GetString() == "EUR").Cast<JsonElement?>().FirstOrDefault();

    private static async Task<Guid[]> MembersAsync(NpgsqlConnection connection, Guid customerId)
    {
        await using var command = new NpgsqlCommand(
            "WITH RECURSIVE g AS (SELECT id FROM receivables.customers WHERE id = @id UNION SELECT c.id FROM receivables.customers c JOIN g ON c.parent_customer_id = g.id) SELECT id FROM g",
            connection);
        command.Parameters.AddWithValue("id", customerId);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return [.. ids];
    }

    private static async Task<int> CustomersWithOpenItemsAsync(BenchContext context) =>
        await ScalarAsync(context, """
            SELECT count(DISTINCT i.customer_id)::int FROM receivables.items i
            WHERE i.company_id = @company AND i.issue_date <= @as_of AND (i.settled_date IS NULL OR i.settled_date > @as_of)
              AND i.amount - coalesce((SELECT sum(coalesce(a.target_amount, a.amount)) FROM receivables.allocations a WHERE a.target_item_id = i.id AND a.date <= @as_of), 0)
                           - coalesce((SELECT sum(a.amount) FROM receivables.allocations a WHERE a.source_item_id = i.id AND a.date <= @as_of), 0) <> 0
            """);

    private static async Task<int> ScalarAsync(BenchContext context, string sql)
    {
        await using var command = new NpgsqlCommand(sql, context.Connection) { CommandTimeout = 600 };
        ReferenceSql.AddParameters(command, context.CompanyId, context.AsOf, null);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<Guid>> FirstPageAsync(BenchContext context, int size)
    {
        await using var command = new NpgsqlCommand(ReferenceSql.InboxFirstPage, context.Connection);
        ReferenceSql.AddParameters(command, context.CompanyId, context.AsOf, null);
        command.Parameters.AddWithValue("size", size);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
