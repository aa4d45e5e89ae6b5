using Etrepaye.Shared.Errors;

namespace Etrepaye.Collection.Interest;

internal enum InterestBasis
{
    /// <summary>Code de commerce L441-10: the ECB rate in force on 1 January (first half-year) or 1 July (second) + 10 points.</summary>
    FrenchDefault,

    /// <summary>The rate of the contract, never below 3 × the legal interest rate of the half-year.</summary>
    Contractual,

    /// <summary>Directive 2011/7/EU: the ECB reference rate of the half-year + 8 points.</summary>
    EuStatutory,
}

/// <summary>Rate histories: each list holds (first day in force, rate in percent).</summary>
internal sealed record RateHistory(IReadOnlyList<(DateOnly From, decimal Rate)> Ecb, IReadOnlyList<(DateOnly From, decimal Rate)> LegalRate)
{
    public decimal? EcbOn(DateOnly date) => RateOn(Ecb, date);

    public decimal? LegalRateOn(DateOnly date) => RateOn(LegalRate, date);

    private static decimal? RateOn(IReadOnlyList<(DateOnly From, decimal Rate)> history, DateOnly date) =>
        history.Where(r => r.From <= date).OrderByDescending(r => r.From).Select(r => (decimal?)r.Rate).FirstOrDefault();
}

internal sealed record InterestTerms(InterestBasis Basis, decimal? ContractualRate = null);

/// <summary>One stretch of the delay inside one half-year and between two payments: its open amount at that half-year's rate.</summary>
internal sealed record InterestSegment(DateOnly From, DateOnly To, int Days, decimal Rate, decimal Interest, string RateExplanation, decimal Principal);

internal sealed record InterestResult(decimal Amount, DateOnly DueDate, DateOnly Until, int DaysLate, IReadOnlyList<InterestSegment> Segments, decimal Interest);

/// <summary>
/// Late-payment interest on an amount: due from the day after the due date up to and including <c>until</c>, split at the dates of
/// the partial payments (each period bears the amount open during it) and at the half-year boundaries (1 January and 1 July) because
/// the rate is fixed per half-year; each segment is amount × rate × days ÷ 365, rounded to the cent (half away from zero), and the
/// interest is the sum of the segments.
/// </summary>
internal static class InterestCalculator
{
    public const decimal FrenchMargin = 10m;
    public const decimal EuMargin = 8m;
    public const decimal LegalRateMultiple = 3m;

    /// <param name="amount">What is open (and not excluded) on <paramref name="until"/>.</param>
    /// <param name="settlements">
    /// What was taken off the amount during the delay, dated: before each date the amount was that much higher. A settlement dated D
    /// stops the interest on its amount from D on.
    /// </param>
    public static InterestResult Compute(
        decimal amount, DateOnly dueDate, DateOnly until, InterestTerms terms, RateHistory rates, IReadOnlyList<(DateOnly Date, decimal Amount)>? settlements = null)
    {
        if (terms.Basis == InterestBasis.Contractual && terms.ContractualRate is null)
        {
            throw new ArgumentException("A contractual basis needs the contractual rate.", nameof(terms));
        }

        var during = (settlements ?? []).Where(s => s.Date > dueDate && s.Date <= until)
            .GroupBy(s => s.Date).OrderBy(g => g.Key).Select(g => (Date: g.Key, Amount: g.Sum(s => s.Amount))).ToList();
        var open = amount + during.Sum(s => s.Amount);
        var segments = new List<InterestSegment>();
        var start = dueDate.AddDays(1);
        foreach (var settlement in during)
        {
            AddSegments(segments, open, start, settlement.Date.AddDays(-1), terms, rates);
            open -= settlement.Amount;
            start = settlement.Date;
        }

        AddSegments(segments, open, start, until, terms, rates);
        return new InterestResult(amount, dueDate, until, Math.Max(0, until.DayNumber - dueDate.DayNumber), segments, segments.Sum(s => s.Interest));
    }

    /// <summary>The interest of one open amount from a day to another (inclusive), split at the half-year boundaries.</summary>
    private static void AddSegments(List<InterestSegment> segments, decimal amount, DateOnly start, DateOnly until, InterestTerms terms, RateHistory rates)
    {
        while (amount > 0 && start <= until)
        {
            var halfYear = HalfYearStart(start);
            var nextHalfYear = halfYear.AddMonths(6);
            var end = until < nextHalfYear ? until : nextHalfYear.AddDays(-1);
            var days = end.DayNumber - start.DayNumber + 1;
            var (rate, why) = RateFor(halfYear, terms, rates);
            var interest = Math.Round(amount * rate / 100m * days / 365m, 2, MidpointRounding.AwayFromZero);
            segments.Add(new InterestSegment(start, end, days, rate, interest, why, amount));
            start = end.AddDays(1);
        }
    }

    public static DateOnly HalfYearStart(DateOnly date) => new(date.Year, date.Month <= 6 ? 1 : 7, 1);

    private static (decimal Rate, string Why) RateFor(DateOnly halfYear, InterestTerms terms, RateHistory rates)
    {
        switch (terms.Basis)
        {
            case InterestBasis.FrenchDefault:
            {
                var ecb = rates.EcbOn(halfYear) ?? throw MissingRate("ECB main refinancing", halfYear);
                return (ecb + FrenchMargin, $"ECB {ecb:0.00} % on {halfYear:yyyy-MM-dd} + {FrenchMargin:0} points");
            }

            case InterestBasis.EuStatutory:
            {
                var ecb = rates.EcbOn(halfYear) ?? throw MissingRate("ECB main refinancing", halfYear);
                return (ecb + EuMargin, $"ECB {ecb:0.00} % on {halfYear:yyyy-MM-dd} + {EuMargin:0} points");
            }

            default:
            {
                var legal = rates.LegalRateOn(halfYear) ?? throw MissingRate("legal interest", halfYear);
                var floor = LegalRateMultiple * legal;
                var contractual = terms.ContractualRate!.Value;
                return contractual >= floor
                    ? (contractual, $"contractual {contractual:0.00} %")
                    : (floor, $"contractual {contractual:0.00} % raised to 3 × the legal rate {legal:0.00} %");
            }
        }
    }

    private static BusinessRuleException MissingRate(string what, DateOnly date) =>
        new("rate-missing", $"No {what} rate is known on {date:yyyy-MM-dd}: an administrator must add it.");
}
