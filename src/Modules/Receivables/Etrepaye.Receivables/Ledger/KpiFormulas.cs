namespace Etrepaye.Receivables.Ledger;

/// <summary>The KPI formulas of the credit-domain reference (§3), on plain figures.</summary>
internal static class KpiFormulas
{
    /// <summary>Receivables ÷ credit sales of the period × days in the period; null without sales.</summary>
    public static decimal? SimpleDso(decimal receivables, decimal sales, int days) =>
        sales == 0m ? null : receivables * days / sales;

    /// <summary>
    /// Count-back: subtract each month's sales from the receivables, most recent month first, adding its days, until the
    /// receivables are exhausted; the last month adds remaining ÷ its sales × its days. Null when the months given do not exhaust them.
    /// </summary>
    public static decimal? CountBackDso(decimal receivables, IEnumerable<(decimal Sales, int Days)> monthsMostRecentFirst)
    {
        if (receivables <= 0m)
        {
            return 0m;
        }

        var remaining = receivables;
        var days = 0m;
        foreach (var (sales, monthDays) in monthsMostRecentFirst)
        {
            if (sales > 0m && remaining <= sales)
            {
                return days + (remaining * monthDays / sales);
            }

            remaining -= Math.Max(0m, sales);
            days += monthDays;
        }

        return null;
    }

    /// <summary>
    /// CEI = (opening AR + sales ÷ N − closing total AR) ÷ (opening AR + sales ÷ N − closing current AR) × 100, with N the
    /// number of months when <paramref name="divideSalesByMonths"/>, else 1 (the variant without ÷ N).
    /// </summary>
    public static decimal? Cei(decimal openingReceivables, decimal sales, int months, decimal closingReceivables, decimal closingCurrentReceivables, bool divideSalesByMonths)
    {
        var salesPart = divideSalesByMonths ? sales / Math.Max(1, months) : sales;
        var denominator = openingReceivables + salesPart - closingCurrentReceivables;
        return denominator == 0m ? null : (openingReceivables + salesPart - closingReceivables) / denominator * 100m;
    }

    /// <summary>Overdue ÷ total receivables × 100.</summary>
    public static decimal? OverdueRate(decimal overdue, decimal total) => total == 0m ? null : overdue / total * 100m;

    /// <summary>Index of the aging bucket of an item so many days past due: 0 is "not due", k in 1..limits.Count+1 the k-th bucket.</summary>
    public static int Bucket(int days, IReadOnlyList<int> limits)
    {
        if (days <= 0)
        {
            return 0;
        }

        for (var k = 0; k < limits.Count; k++)
        {
            if (days <= limits[k])
            {
                return k + 1;
            }
        }

        return limits.Count + 1;
    }
}
