namespace Etrepaye.Bench.Reports;

/// <summary>
/// The SQL the host sends for the hot queries behind the benchmarked endpoints, as captured from PostgreSQL's statement log on
/// the generated data (EF Core's translation of AgedBalanceAggregator, LedgerReader and the inbox query), with its parameters
/// named: printed with EXPLAIN (ANALYZE, BUFFERS) by --explain. If the product's queries change, capture them again.
/// </summary>
internal static class ProductSql
{
    public static string AgedSums(IReadOnlyList<int> limits, bool someCustomers)
    {
        var cases = string.Join(' ', limits.Select((limit, k) => $"WHEN r.aged_from >= @as_of - {limit} THEN {k + 1}"));
        return $"""
            SELECT r.customer_id, r.currency, r.credit, r.bucket, sum(r.open), count(*)::int
            FROM (
                SELECT i.customer_id, i.currency, i.type IN ('Payment', 'CreditNote') AS credit,
                       CASE WHEN coalesce(i.due_date, i.issue_date) >= @as_of THEN 0 {cases.Replace("r.aged_from", "coalesce(i.due_date, i.issue_date)", StringComparison.Ordinal)} ELSE {limits.Count + 1} END AS bucket,
                       i.amount
                         - coalesce((SELECT sum(coalesce(a.target_amount, a.amount)) FROM receivables.allocations a WHERE a.company_id = @company AND a.date <= @as_of AND a.target_item_id = i.id), 0.0)
                         - coalesce((SELECT sum(a0.amount) FROM receivables.allocations a0 WHERE a0.company_id = @company AND a0.date <= @as_of AND a0.source_item_id = i.id), 0.0) AS open
                FROM receivables.items i
                WHERE i.company_id = @company AND i.issue_date <= @as_of AND (i.settled_date IS NULL OR i.settled_date > @as_of)
                  {(someCustomers ? "AND i.customer_id = ANY(@customers)" : "")}
            ) r
            WHERE r.open <> 0.0
            GROUP BY r.customer_id, r.currency, r.credit, r.bucket
            """;
    }

    public const string OpenItems = """
        SELECT i.id, i.customer_id, i.type, i.reference, i.currency, i.issue_date, i.due_date, i.amount, i.disputed
        FROM receivables.items i
        WHERE i.company_id = @company AND i.issue_date <= @as_of AND (i.settled_date IS NULL OR i.settled_date > @as_of)
        """;

    public const string OpenItemAllocations = """
        SELECT a.target_item_id, coalesce(a.target_amount, a.amount)
        FROM receivables.allocations a
        JOIN receivables.items i ON a.target_item_id = i.id
        WHERE a.company_id = @company AND a.date <= @as_of
          AND i.company_id = @company AND i.issue_date <= @as_of AND (i.settled_date IS NULL OR i.settled_date > @as_of)
        """;

    public const string Sales = """
        SELECT i.issue_date, i.currency, i.amount FROM receivables.items i
        WHERE i.company_id = @company AND i.type = 'Invoice' AND i.issue_date >= @from AND i.issue_date <= @as_of
        """;

    public const string InboxFirstPage = """
        SELECT h.*, w.definition_id, w.definition_version, w.customer
        FROM workflows.human_tasks h
        JOIN workflows.instances w ON h.instance_id = w.id
        WHERE h.company_id = @company AND w.company_id = @company AND h.status = 'Open'
        ORDER BY CASE WHEN h.due_date IS NOT NULL AND h.due_date < @as_of THEN coalesce(h.amount_at_risk, 0.0)::double precision * (@as_of - h.due_date)::double precision ELSE 0.0 END DESC,
                 coalesce(h.due_date, '9999-12-31'::date), h.created_at, h.id
        LIMIT 50 OFFSET 0
        """;

    public const string InboxCount = """
        SELECT count(*)::int FROM workflows.human_tasks h JOIN workflows.instances w ON h.instance_id = w.id
        WHERE h.company_id = @company AND w.company_id = @company AND h.status = 'Open'
        """;
}
