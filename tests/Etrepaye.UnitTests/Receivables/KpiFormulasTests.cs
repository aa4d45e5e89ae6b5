using Etrepaye.Receivables.Ledger;

namespace Etrepaye.UnitTests.Receivables;

/// <summary>The KPI formulas of the credit-domain reference on worked examples computed by hand.</summary>
public sealed class KpiFormulasTests
{
    [Fact]
    public void CountBackDso_WhenMonthsHave31And28And31Days_AddsWholeMonthsThenTheFraction()
    {
        // 31 March: receivables 250,000. March sales 100,000 (31 d), February 80,000 (28 d), January 120,000 (31 d).
        // 250,000 − 100,000 = 150,000 → 31 d; − 80,000 = 70,000 → 59 d; 70,000 ÷ 120,000 × 31 = 18.0833 → 77.0833 d.
        var dso = KpiFormulas.CountBackDso(250_000m, [(100_000m, 31), (80_000m, 28), (120_000m, 31)]);

        Math.Round(dso!.Value, 4).ShouldBe(77.0833m);
    }

    [Fact]
    public void CountBackDso_WhenCurrentMonthHas30Days_UsesThirtyDays()
    {
        // 30 April: receivables 150,000. April sales 90,000 (30 d), March 100,000 (31 d): 30 + 60,000 ÷ 100,000 × 31 = 48.6 d.
        KpiFormulas.CountBackDso(150_000m, [(90_000m, 30), (100_000m, 31)]).ShouldBe(48.6m);
    }

    [Fact]
    public void CountBackDso_WhenReceivablesBelowCurrentMonthSales_IsAFractionOfTheMonth()
    {
        KpiFormulas.CountBackDso(50_000m, [(100_000m, 31)]).ShouldBe(15.5m);
    }

    [Fact]
    public void CountBackDso_WhenMonthsDoNotExhaustReceivables_IsNull()
    {
        KpiFormulas.CountBackDso(500m, [(100m, 31), (100m, 30)]).ShouldBeNull();
    }

    [Fact]
    public void BestPossibleDsoAndAdd_WhenPartIsNotDue_AreCountBackOfNotDueAndTheDifference()
    {
        // Same months as above; 60,000 not yet due: 60,000 ÷ 100,000 × 31 = 18.6 d; ADD = 77.0833 − 18.6 = 58.4833 d.
        var months = new (decimal, int)[] { (100_000m, 31), (80_000m, 28), (120_000m, 31) };
        var best = KpiFormulas.CountBackDso(60_000m, months)!.Value;
        var dso = KpiFormulas.CountBackDso(250_000m, months)!.Value;

        best.ShouldBe(18.6m);
        Math.Round(dso - best, 4).ShouldBe(58.4833m);
    }

    [Fact]
    public void SimpleDso_WhenQuarterOf90Days_IsReceivablesOverSalesTimesDays()
    {
        KpiFormulas.SimpleDso(250_000m, 300_000m, 90).ShouldBe(75m);
        KpiFormulas.SimpleDso(1m, 0m, 90).ShouldBeNull();
    }

    [Fact]
    public void Cei_WhenComputedWithAndWithoutDivisionByMonths_GivesBothVariants()
    {
        // Opening 200,000; sales 300,000 over 3 months; closing 250,000 of which 60,000 current.
        // ÷N: (200 + 100 − 250) ÷ (200 + 100 − 60) = 50 ÷ 240 = 20.8333 %. Without: (200 + 300 − 250) ÷ (200 + 300 − 60) = 250 ÷ 440 = 56.8182 %.
        Math.Round(KpiFormulas.Cei(200_000m, 300_000m, 3, 250_000m, 60_000m, divideSalesByMonths: true)!.Value, 4).ShouldBe(20.8333m);
        Math.Round(KpiFormulas.Cei(200_000m, 300_000m, 3, 250_000m, 60_000m, divideSalesByMonths: false)!.Value, 4).ShouldBe(56.8182m);
    }

    [Fact]
    public void OverdueRate_WhenQuarterIsOverdue_Is25Percent()
    {
        KpiFormulas.OverdueRate(25m, 100m).ShouldBe(25m);
        KpiFormulas.OverdueRate(0m, 0m).ShouldBeNull();
    }

    [Theory]
    [InlineData(-3, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(30, 1)]
    [InlineData(31, 2)]
    [InlineData(60, 2)]
    [InlineData(61, 3)]
    [InlineData(90, 3)]
    [InlineData(91, 4)]
    public void Bucket_WhenDaysPastDueGiven_PicksTheDefaultBucket(int days, int bucket)
    {
        KpiFormulas.Bucket(days, [30, 60, 90]).ShouldBe(bucket);
    }
}
