using System.Globalization;

namespace Etrepaye.Bench.Reports;

/// <summary>
/// The SQL the host sends for the hot queries behind the benchmarked endpoints, copied from PostgreSQL's statement log
/// (<c>log_min_duration_statement = 0</c>) during a check run: EF Core's translation of AgedBalanceAggregator, LedgerReader,
/// the KPI sales query and the inbox query, with the positional parameters named. Printed with EXPLAIN (ANALYZE, BUFFERS)
/// by --explain. If the product's queries change, capture them again the same way.
/// </summary>
internal static class ProductSql
{
    /// <summary>
    /// What the allocations dated up to the date took off the item <paramref name="item"/> (LedgerReader.WithAllocated): two correlated
    /// sums, one lookup per open item in ix_allocations_company_id_target_item_id and one in …_source_item_id.
    /// </summary>
    private static string Allocated(string item) => $"""
        (COALESCE((
                SELECT COALESCE(sum(COALESCE(a.target_amount, a.amount)), 0.0)
                FROM receivables.allocations AS a
                WHERE a.company_id = @company AND a.date <= @as_of AND a.target_item_id = {item}.id), 0.0) + COALESCE((
                SELECT COALESCE(sum(a0.amount), 0.0)
                FROM receivables.allocations AS a0
                WHERE a0.company_id = @company AND a0.date <= @as_of AND a0.source_item_id = {item}.id), 0.0))
        """;

    /// <summary>
    /// The items open on the date (LedgerReader.OpenItems): "still open" (settled_date IS NULL) UNION ALL "settled after the date", less
    /// those whose open amount on the date is zero; EF repeats the allocations' sums in the outer query (two more lookups per item).
    /// </summary>
    private static string OpenRows(string columns, string filter, bool zeroOpenFilter = true) => $"""
            FROM (
                SELECT i.id, {columns}
                FROM receivables.items AS i
                WHERE i.company_id = @company AND i.issue_date <= @as_of AND i.settled_date IS NULL{filter}
                UNION ALL
                SELECT i.id, {columns}
                FROM receivables.items AS i
                WHERE i.company_id = @company AND i.issue_date <= @as_of AND i.settled_date > @as_of{filter}
            ) AS u
            {(zeroOpenFilter ? $"WHERE u.amount - {Allocated("u")} <> 0.0" : "")}
        """;

    /// <summary>
    /// The bucketed sums per customer, in one pass (the whole company's totals, its customers with an open item and its page's lines
    /// all come from them; a group's members with @customers); the bucket limits are turned into date literals, as EF does.
    /// </summary>
    public static string AgedSums(IReadOnlyList<int> limits, DateOnly asOf, bool someCustomers)
    {
        static string Date(DateOnly date) => "DATE '" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        var cases = string.Join("\n", limits.Select((limit, k) => $"            WHEN COALESCE(u.due_date, u.issue_date) >= {Date(asOf.AddDays(-limit))} THEN {k + 1}"));
        return $"""
            SELECT s.customer_id, s.currency, s."Credit", s."Bucket", COALESCE(sum(s.amount - {Allocated("s")}), 0.0), count(*)::int
            FROM (
                SELECT u.id, u.amount, u.currency, u.customer_id, u.type IN ('Payment', 'CreditNote') AS "Credit", CASE
                    WHEN COALESCE(u.due_date, u.issue_date) >= {Date(asOf)} THEN 0
            {cases}
                    ELSE {limits.Count + 1}
                END AS "Bucket"
            {OpenRows("i.amount, i.currency, i.customer_id, i.due_date, i.issue_date, i.type", someCustomers ? " AND i.customer_id = ANY (@customers)" : "")}
            ) AS s
            GROUP BY s.customer_id, s.currency, s."Credit", s."Bucket"
            """;
    }

    /// <summary>The aged balance's customer page: the customers with an open item (ids from the sums, one array parameter) in reference order.</summary>
    public const string CustomerPage = """
        SELECT c.id AS "Id", c.reference AS "Reference", c.name AS "Name"
        FROM receivables.customers AS c
        WHERE c.company_id = @company AND c.id = ANY (@customers)
        ORDER BY c.reference COLLATE "C"
        LIMIT 50 OFFSET 0
        """;

    /// <summary>
    /// DSO: the receivables on a date summed per currency, side, disputed flag and "not yet due" (run once per distinct date: the as-of
    /// date and the day before the period; zero open amounts are summed too, so no zero-open filter).
    /// </summary>
    public static readonly string Receivables = $"""
        SELECT s.currency, s."Credit", s.disputed, s."NotDue", COALESCE(sum(s.amount - {Allocated("s")}), 0.0)
        FROM (
            SELECT u.id, u.amount, u.currency, u.disputed, u.type IN ('Payment', 'CreditNote') AS "Credit", COALESCE(u.due_date, u.issue_date) >= @as_of AS "NotDue"
        {OpenRows("i.amount, i.currency, i.disputed, i.due_date, i.issue_date, i.type", "", zeroOpenFilter: false)}
        ) AS s
        GROUP BY s.currency, s."Credit", s.disputed, s."NotDue"
        """;

    /// <summary>DSO: the invoices of the count-back months, summed per day and currency.</summary>
    public const string Sales = """
        SELECT i.issue_date AS "IssueDate", i.currency AS "Currency", COALESCE(sum(i.amount), 0.0) AS "Amount"
        FROM receivables.items AS i
        WHERE i.company_id = @company AND i.type = 'Invoice' AND i.issue_date >= @from AND i.issue_date <= @as_of
        GROUP BY i.issue_date, i.currency
        """;

    /// <summary>Before each inbox read: is any open task of the company scored for an earlier day (then one UPDATE rescores them)?</summary>
    public const string InboxStale = """
        SELECT EXISTS (
            SELECT 1
            FROM workflows.human_tasks AS h
            WHERE h.company_id = @company AND h.status = 'Open' AND h.score_day < @as_of)
        """;

    /// <summary>The first page joined to its instances (ListTasks, since the ninth session; captured from pg_stat_statements).</summary>
    public const string InboxFirstPage = """
        SELECT h0.id, h0.activity_id, h0.amount_at_risk, h0.assignee, h0.claimed_at, h0.claimed_by, h0.closed_at, h0.closed_by, h0.company_id, h0.created_at, h0.data, h0.due_date, h0.instance_id, h0.outcome, h0.priority, h0.role, h0.score, h0.score_day, h0.status, h0.title, i0.definition_id, i0.definition_version, i0.customer
        FROM (
            SELECT h.id, h.activity_id, h.amount_at_risk, h.assignee, h.claimed_at, h.claimed_by, h.closed_at, h.closed_by, h.company_id, h.created_at, h.data, h.due_date, h.instance_id, h.outcome, h.priority, h.role, h.score, h.score_day, h.status, h.title
            FROM workflows.human_tasks AS h
            WHERE h.company_id = @company AND h.status = 'Open'
            ORDER BY h.score DESC, h.due_date, h.created_at, h.id
            LIMIT 50 OFFSET 0
        ) AS h0
        INNER JOIN (
            SELECT i.id, i.customer, i.definition_id, i.definition_version
            FROM workflows.instances AS i
            WHERE i.company_id = @company
        ) AS i0 ON h0.instance_id = i0.id
        ORDER BY h0.score DESC, h0.due_date, h0.created_at, h0.id
        """;

    public const string InboxCount = """
        SELECT count(*)::int
        FROM workflows.human_tasks AS h
        WHERE h.company_id = @company AND h.status = 'Open'
        """;
}
