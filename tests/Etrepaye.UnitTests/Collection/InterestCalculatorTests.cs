using System.Globalization;
using Etrepaye.Collection.Data.Migrations;
using Etrepaye.Collection.Interest;
using Etrepaye.Shared.Errors;

namespace Etrepaye.UnitTests.Collection;

/// <summary>Late-payment interest on hand-checked cases, with the rate history the migration ships.</summary>
public sealed class InterestCalculatorTests
{
    private static readonly RateHistory _shipped = new(
        [.. CreateCollection.EcbRates.Select(r => (Date(r.From), r.Rate))],
        [.. CreateCollection.LegalRates.Select(r => (Date(r.From), r.Rate))]);

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void Compute_WhenTheDelayIsWithinOneHalfYear_UsesTheEcbRateOfFirstJanuaryPlusTenPoints()
    {
        // 29 days (1 Feb to 1 Mar 2025) at 3.15 % + 10 = 13.15 %: 10,000 × 13.15 % × 29 / 365 = 104.479… → 104.48.
        var result = InterestCalculator.Compute(10_000m, Date("2025-01-31"), Date("2025-03-01"), new InterestTerms(InterestBasis.FrenchDefault), _shipped);

        result.DaysLate.ShouldBe(29);
        result.Segments.ShouldHaveSingleItem().Rate.ShouldBe(13.15m);
        result.Interest.ShouldBe(104.48m);
    }

    [Fact]
    public void Compute_WhenPartialPaymentsFallWithinTheDelay_ChargesEachPeriodsOpenAmountStillSplitAtFirstJuly()
    {
        // 10,000 due 31 May 2024, 3,000 still open on 14 August; paid 1,000 on 20 May (before the due date: no effect), 4,000 on
        // 16 June and 3,000 on 11 July. June at 14.50 %, from 1 July at 14.25 %:
        //   1–15 June    15 d × 10,000 × 14.50 % ÷ 365 =  59.589… →  59.59
        //   16–30 June   15 d ×  6,000 × 14.50 % ÷ 365 =  35.753… →  35.75
        //   1–10 July    10 d ×  6,000 × 14.25 % ÷ 365 =  23.424… →  23.42
        //   11 July–14 August 35 d × 3,000 × 14.25 % ÷ 365 = 40.993… → 40.99          total 159.75
        var result = InterestCalculator.Compute(
            3_000m, Date("2024-05-31"), Date("2024-08-14"), new InterestTerms(InterestBasis.FrenchDefault), _shipped,
            [(Date("2024-07-11"), 3_000m), (Date("2024-05-20"), 1_000m), (Date("2024-06-16"), 4_000m)]);

        result.Segments.Select(s => (s.From, s.To, s.Days, s.Principal, s.Rate, s.Interest)).ShouldBe(
        [
            (Date("2024-06-01"), Date("2024-06-15"), 15, 10_000m, 14.50m, 59.59m),
            (Date("2024-06-16"), Date("2024-06-30"), 15, 6_000m, 14.50m, 35.75m),
            (Date("2024-07-01"), Date("2024-07-10"), 10, 6_000m, 14.25m, 23.42m),
            (Date("2024-07-11"), Date("2024-08-14"), 35, 3_000m, 14.25m, 40.99m),
        ]);
        result.DaysLate.ShouldBe(75);
        result.Interest.ShouldBe(159.75m);
    }

    [Fact]
    public void Compute_WhenTheDelaySpansTwoHalfYears_SplitsAtFirstJulyWithEachHalfYearsRate()
    {
        // 30 days of June 2024 at 4.50 + 10 = 14.50 %: 119.178… → 119.18; 45 days from 1 July at 4.25 + 10 = 14.25 %: 175.684… → 175.68.
        var result = InterestCalculator.Compute(10_000m, Date("2024-05-31"), Date("2024-08-14"), new InterestTerms(InterestBasis.FrenchDefault), _shipped);

        result.Segments.Count.ShouldBe(2);
        result.Segments[0].ShouldBe(new InterestSegment(Date("2024-06-01"), Date("2024-06-30"), 30, 14.50m, 119.18m, result.Segments[0].RateExplanation, 10_000m));
        result.Segments[1].ShouldBe(new InterestSegment(Date("2024-07-01"), Date("2024-08-14"), 45, 14.25m, 175.68m, result.Segments[1].RateExplanation, 10_000m));
        result.DaysLate.ShouldBe(75);
        result.Interest.ShouldBe(294.86m);
    }

    [Fact]
    public void Compute_WhenTheContractualRateIsUnderThreeTimesTheLegalRate_RaisesItToTheFloor()
    {
        // 5 % < 3 × 3.71 % (legal rate, first half of 2025) = 11.13 %: 10,000 × 11.13 % × 30 / 365 = 91.479… → 91.48.
        var result = InterestCalculator.Compute(10_000m, Date("2025-02-28"), Date("2025-03-30"), new InterestTerms(InterestBasis.Contractual, 5m), _shipped);

        var segment = result.Segments.ShouldHaveSingleItem();
        segment.Rate.ShouldBe(11.13m);
        segment.RateExplanation.ShouldContain("raised");
        result.Interest.ShouldBe(91.48m);
    }

    [Fact]
    public void Compute_WhenTheContractualRateIsAboveTheFloor_KeepsIt()
    {
        // 15 % ≥ 11.13 %: 10,000 × 15 % × 30 / 365 = 123.287… → 123.29.
        var result = InterestCalculator.Compute(10_000m, Date("2025-02-28"), Date("2025-03-30"), new InterestTerms(InterestBasis.Contractual, 15m), _shipped);

        result.Segments.ShouldHaveSingleItem().Rate.ShouldBe(15m);
        result.Interest.ShouldBe(123.29m);
    }

    [Fact]
    public void Compute_WhenTheBasisIsTheEuDirective_AddsEightPointsToTheReferenceRate()
    {
        // Second half of 2025: ECB 2.15 % on 1 July + 8 = 10.15 %; 30 days on 2,000: 16.684… → 16.68.
        var result = InterestCalculator.Compute(2_000m, Date("2025-07-10"), Date("2025-08-09"), new InterestTerms(InterestBasis.EuStatutory), _shipped);

        result.Segments.ShouldHaveSingleItem().Rate.ShouldBe(10.15m);
        result.Interest.ShouldBe(16.68m);
    }

    [Fact]
    public void Compute_WhenNotYetLate_IsZeroWithoutSegments()
    {
        var result = InterestCalculator.Compute(1_000m, Date("2025-03-31"), Date("2025-03-31"), new InterestTerms(InterestBasis.FrenchDefault), _shipped);

        result.Segments.ShouldBeEmpty();
        result.Interest.ShouldBe(0m);
    }

    [Fact]
    public void Compute_WhenNoLegalRateIsKnownForTheHalfYear_RefusesWithRateMissing()
    {
        var exception = Should.Throw<BusinessRuleException>(() =>
            InterestCalculator.Compute(1_000m, Date("2021-01-31"), Date("2021-03-01"), new InterestTerms(InterestBasis.Contractual, 5m), _shipped));

        exception.Code.ShouldBe("rate-missing");
    }

    [Fact]
    public void HalfYearStart_WhenGivenDatesAroundTheBoundaries_IsFirstJanuaryOrFirstJuly()
    {
        InterestCalculator.HalfYearStart(Date("2024-06-30")).ShouldBe(Date("2024-01-01"));
        InterestCalculator.HalfYearStart(Date("2024-07-01")).ShouldBe(Date("2024-07-01"));
        InterestCalculator.HalfYearStart(Date("2024-12-31")).ShouldBe(Date("2024-07-01"));
    }
}
