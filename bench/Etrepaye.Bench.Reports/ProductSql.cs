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
    private const string OpenAmount = """
        (i.amount - COALESCE((
                SELECT COALESCE(sum(COALESCE(a.target_amount, a.amount)), 0.0)
                FROM receivables.allocations AS a
                WHERE a.company_id = @company AND a.date <= @as_of AND a.target_item_id = i.id), 0.0)) - COALESCE((
                SELECT COALESCE(sum(a0.amount), 0.0)
                FROM receivables.allocations AS a0
                WHERE a0.company_id = @company AND a0.date <= @as_of AND a0.source_item_id = i.id), 0.0)
        """;

    /// <summary>The bucketed sums (per customer for a group's members); the bucket limits are turned into date literals, as EF does.</summary>
    public static string AgedSums(IReadOnlyList<int> limits, DateOnly asOf, bool someCustomers)
    {
        static string Date(DateOnly date) => "DATE '" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        var cases = string.Join("\n", limits.Select((limit, k) => $"        WHEN COALESCE(i.due_date, i.issue_date) >= {Date(asOf.AddDays(-limit))} THEN {k + 1}"));
        var customer = someCustomers ? "i0.customer_id, " : "";
        return $"""
            SELECT {customer}i0.currency, i0."Credit", i0."Bucket", COALESCE(sum((i0.amount - COALESCE((
                SELECT COALESCE(sum(COALESCE(a1.target_amount, a1.amount)), 0.0)
                FROM receivables.allocations AS a1
                WHERE a1.company_id = @company AND a1.date <= @as_of AND a1.target_item_id = i0.id), 0.0)) - COALESCE((
                SELECT COALESCE(sum(a2.amount), 0.0)
                FROM receivables.allocations AS a2
                WHERE a2.company_id = @company AND a2.date <= @as_of AND a2.source_item_id = i0.id), 0.0)), 0.0), count(*)::int
            FROM (
                SELECT i.id, i.amount, i.currency, i.customer_id, i.type IN ('Payment', 'CreditNote') AS "Credit", CASE
                    WHEN COALESCE(i.due_date, i.issue_date) >= {Date(asOf)} THEN 0
            {cases}
                    ELSE {limits.Count + 1}
                END AS "Bucket"
                FROM receivables.items AS i
                WHERE i.company_id = @company AND i.issue_date <= @as_of AND (i.settled_date IS NULL OR i.settled_date > @as_of)
                  {(someCustomers ? "AND i.customer_id = ANY (@customers)" : "")} AND {OpenAmount} <> 0.0
            ) AS i0
            GROUP BY {customer}i0.currency, i0."Credit", i0."Bucket"
            """;
    }

    /// <summary>The aged balance's count of customers with an open item (its customer page's total).</summary>
    public const string CustomersWithOpenItems = $"""
        SELECT count(*)::int
        FROM (
            SELECT DISTINCT i.customer_id
            FROM receivables.items AS i
            WHERE i.company_id = @company AND i.issue_date <= @as_of AND (i.settled_date IS NULL OR i.settled_date > @as_of) AND {OpenAmount} <> 0.0
        ) AS i0
        """;

    public const string OpenItems = """
        SELECT i.id, i.customer_id, i.type, i.reference, i.currency, i.issue_date, i.due_date, i.amount, i.disputed
        FROM receivables.items AS i
        WHERE i.company_id = @company AND i.issue_date <= @as_of AND (i.settled_date IS NULL OR i.settled_date > @as_of)
        """;

    public const string OpenItemAllocations = """
        SELECT a.target_item_id AS "ItemId", COALESCE(a.target_amount, a.amount) AS "Amount"
        FROM receivables.allocations AS a
        INNER JOIN (
            SELECT i.id
            FROM receivables.items AS i
            WHERE i.company_id = @company AND i.issue_date <= @as_of AND (i.settled_date IS NULL OR i.settled_date > @as_of)
        ) AS i0 ON a.target_item_id = i0.id
        WHERE a.company_id = @company AND a.date <= @as_of
        """;

    public const string Sales = """
        SELECT i.issue_date AS "IssueDate", i.currency AS "Currency", i.amount AS "Amount"
        FROM receivables.items AS i
        WHERE i.company_id = @company AND i.type = 'Invoice' AND i.issue_date >= @from AND i.issue_date <= @as_of
        """;

    /// <summary>Before each inbox read: is any open task of the company scored for an earlier day (then one UPDATE rescores them)?</summary>
    public const string InboxStale = """
        SELECT EXISTS (
            SELECT 1
            FROM workflows.human_tasks AS h
            WHERE h.company_id = @company AND h.status = 'Open' AND h.score_day < @as_of)
        """;

    public const string InboxFirstPage = """
        SELECT h.id, h.activity_id, h.amount_at_risk, h.assignee, h.claimed_at, h.claimed_by, h.closed_at, h.closed_by, h.company_id, h.created_at, h.data, h.due_date, h.instance_id, h.outcome, h.priority, h.role, h.score, h.score_day, h.status, h.title
        FROM workflows.human_tasks AS h
        WHERE h.company_id = @company AND h.status = 'Open'
        ORDER BY h.score DESC, h.due_date, h.created_at, h.id
        LIMIT 50 OFFSET 0
        """;

    public const string InboxCount = """
        SELECT count(*)::int
        FROM workflows.human_tasks AS h
        WHERE h.company_id = @company AND h.status = 'Open'
        """;
}
