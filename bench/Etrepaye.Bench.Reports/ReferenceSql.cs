using System.Globalization;
using Npgsql;

namespace Etrepaye.Bench.Reports;

/// <summary>Open debit and credit amounts of one bucket, as plain SQL computes them.</summary>
internal sealed record SqlBucket(bool Credit, int Bucket, decimal Amount, int Count);

/// <summary>
/// The reports computed directly in SQL over the generated rows, written from the definitions (not from the product's code):
/// an item is open on D when issued on or before D and not settled by D; its open amount is its amount less its allocations
/// dated up to D. These are both the check's expected values and the benchmarks' baselines.
/// </summary>
internal static class ReferenceSql
{
    /// <summary>Open amounts per side and bucket (0 not due, k past the (k-1)-th limit up to the k-th, last beyond) for the company or some customers.</summary>
    public static string AgedBalance(IReadOnlyList<int> limits, bool someCustomers)
    {
        var cases = string.Join(' ', limits.Select((limit, k) => $"WHEN @as_of - coalesce(i.due_date, i.issue_date) <= {limit} THEN {k + 1}"));
        return $"""
            WITH allocated AS (
                SELECT item_id, sum(amount) AS amount FROM (
                    SELECT target_item_id AS item_id, coalesce(target_amount, amount) AS amount FROM receivables.allocations WHERE company_id = @company AND date <= @as_of
                    UNION ALL
                    SELECT source_item_id, amount FROM receivables.allocations WHERE company_id = @company AND date <= @as_of AND source_item_id IS NOT NULL) a
                GROUP BY item_id),
            open_items AS (
                SELECT i.type IN ('Payment', 'CreditNote') AS credit,
                       CASE WHEN coalesce(i.due_date, i.issue_date) >= @as_of THEN 0 {cases} ELSE {limits.Count + 1} END AS bucket,
                       i.amount - coalesce(a.amount, 0) AS open
                FROM receivables.items i LEFT JOIN allocated a ON a.item_id = i.id
                WHERE i.company_id = @company AND i.issue_date <= @as_of AND (i.settled_date IS NULL OR i.settled_date > @as_of)
                  {(someCustomers ? "AND i.customer_id = ANY(@customers)" : "")})
            SELECT credit, bucket, sum(open), count(*)::int FROM open_items WHERE open <> 0 GROUP BY credit, bucket ORDER BY credit, bucket
            """;
    }

    public static async Task<List<SqlBucket>> AgedBalanceAsync(NpgsqlConnection connection, Guid companyId, DateOnly asOf, IReadOnlyList<int> limits, Guid[]? customers)
    {
        await using var command = new NpgsqlCommand(AgedBalance(limits, customers is not null), connection) { CommandTimeout = 600 };
        AddParameters(command, companyId, asOf, customers);
        var rows = new List<SqlBucket>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new SqlBucket(reader.GetBoolean(0), reader.GetInt32(1), reader.GetDecimal(2), reader.GetInt32(3)));
        }

        return rows;
    }

    /// <summary>Invoice sales per calendar month of the 37 months up to the as-of date's month (that month up to the date).</summary>
    public const string MonthlySales = """
        SELECT date_trunc('month', issue_date)::date AS month, sum(amount) FROM receivables.items
        WHERE company_id = @company AND type = 'Invoice' AND issue_date <= @as_of AND issue_date >= (date_trunc('month', @as_of) - interval '36 months')::date
        GROUP BY 1
        """;

    /// <summary>Count-back DSO from the receivables on the date and the monthly sales, most recent month first (reference §3).</summary>
    public static async Task<decimal?> CountBackDsoAsync(NpgsqlConnection connection, Guid companyId, DateOnly asOf, decimal receivables)
    {
        await using var command = new NpgsqlCommand(MonthlySales, connection) { CommandTimeout = 600 };
        AddParameters(command, companyId, asOf, null);
        var sales = new Dictionary<DateOnly, decimal>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                sales[DateOnly.FromDateTime(reader.GetDateTime(0))] = reader.GetDecimal(1);
            }
        }

        if (receivables <= 0m)
        {
            return 0m;
        }

        var remaining = receivables;
        var days = 0m;
        var first = new DateOnly(asOf.Year, asOf.Month, 1);
        for (var k = 0; k <= 36; k++)
        {
            var month = first.AddMonths(-k);
            var monthDays = k == 0 ? asOf.Day : DateTime.DaysInMonth(month.Year, month.Month);
            var monthSales = sales.GetValueOrDefault(month);
            if (monthSales > 0m && remaining <= monthSales)
            {
                return Math.Round(days + (remaining * monthDays / monthSales), 2, MidpointRounding.AwayFromZero);
            }

            remaining -= Math.Max(0m, monthSales);
            days += monthDays;
        }

        return null;
    }

    /// <summary>The inbox's first page in SQL: open tasks by amount at risk × days overdue, then due date, creation, id.</summary>
    public const string InboxFirstPage = """
        SELECT t.id FROM workflows.human_tasks t JOIN workflows.instances i ON i.id = t.instance_id
        WHERE t.company_id = @company AND t.status = 'Open'
        ORDER BY CASE WHEN t.due_date < @as_of THEN coalesce(t.amount_at_risk, 0)::float8 * (@as_of - t.due_date) ELSE 0 END DESC,
                 coalesce(t.due_date, '9999-12-31'::date), t.created_at, t.id
        LIMIT @size
        """;

    public static void AddParameters(NpgsqlCommand command, Guid companyId, DateOnly asOf, Guid[]? customers)
    {
        command.Parameters.AddWithValue("company", companyId);
        command.Parameters.AddWithValue("as_of", asOf);
        if (customers is not null)
        {
            command.Parameters.AddWithValue("customers", customers);
        }
    }

    public static string Money(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);
}
