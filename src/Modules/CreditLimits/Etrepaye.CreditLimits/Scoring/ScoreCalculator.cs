using Etrepaye.Access.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Exposure;
using Etrepaye.Receivables.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Scoring;

/// <summary>One input of the score: its value, its 0–100 sub-score, its weight and what it adds to the score.</summary>
public sealed record ScoreInputResponse(string Name, decimal? Value, string Description, decimal? SubScore, int Weight, decimal Contribution, bool Included);

/// <param name="Score">0–100: Σ weight × sub-score ÷ Σ weights of the inputs that are known.</param>
/// <param name="RiskClass">A (≥ 80), B (≥ 60), C (≥ 40), D (≥ 20), E; null when no input is known.</param>
public sealed record ScoreResponse(Guid CustomerId, DateOnly AsOf, decimal? Score, string? RiskClass, DateOnly? StatementPeriodEnd, IReadOnlyList<ScoreInputResponse> Inputs, string Formula);

/// <summary>
/// The internal score (documented in docs/credit-limits.md). Financial inputs come from the latest statement recorded or
/// imported for the customer; behaviour inputs are computed over the company's window: average days late of the invoices
/// due in it (paid: settlement − due date; still open: today − due date; never negative), disputes opened, and collection
/// incidents (broken promises, missed instalments, formal notices, agency handovers).
/// </summary>
internal sealed class ScoreCalculator(CreditLimitsDbContext db, CreditPolicy policy, IReceivablesQueries receivables, ICompanyClock clock)
{
    public const string Formula =
        "score = Σ(weight × subScore) ÷ Σ(weight of known inputs); equityRatio = equity ÷ turnover → min(100, ratio ÷ 0.30 × 100); " +
        "netMargin = net result ÷ turnover → clamp((margin + 0.05) ÷ 0.15 × 100); recordedIncidents → max(0, 100 − 25 × n); " +
        "averageDaysLate → max(0, 100 − 2 × days); disputes → max(0, 100 − 10 × n); collectionIncidents → max(0, 100 − 20 × n)";

    public async Task<ScoreResponse> ComputeAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var settings = await policy.SettingsAsync(cancellationToken);
        var today = await clock.TodayAsync(db.CurrentCompanyId, cancellationToken);
        var from = today.AddDays(-settings.BehaviourWindowDays);
        var statement = await db.FinancialStatements.AsNoTracking().Where(s => s.CustomerId == customerId)
            .OrderByDescending(s => s.PeriodEnd).FirstOrDefaultAsync(cancellationToken);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.CustomerId == customerId && i.OccurredOn >= from && i.OccurredOn <= today)
            .Select(i => i.Kind).ToListAsync(cancellationToken);
        var invoices = (await receivables.ListInvoicesDueAsync(from, today, cancellationToken)).Where(i => i.CustomerId == customerId).ToList();
        decimal? daysLate = invoices.Count == 0
            ? null
            : (decimal)invoices.Average(i => Math.Max(0, (i.SettledDate ?? today).DayNumber - i.DueDate.DayNumber));

        var turnover = statement is { Turnover: > 0m } ? statement.Turnover : (decimal?)null;
        decimal? equityRatio = turnover is { } t ? statement!.Equity / t : null;
        decimal? margin = turnover is { } t2 ? statement!.NetResult / t2 : null;
        var disputes = incidents.Count(k => k == IncidentKind.Dispute);
        var collection = incidents.Count(k => k != IncidentKind.Dispute);
        var raw = new List<(string Name, decimal? Value, string Description, decimal? Sub, int Weight)>
        {
            ("equityRatio", Round4(equityRatio), "Equity ÷ turnover of the latest statement", equityRatio is { } e ? Clamp(e / 0.30m * 100m) : null, settings.WeightEquity),
            ("netMargin", Round4(margin), "Net result ÷ turnover of the latest statement", margin is { } m ? Clamp((m + 0.05m) / 0.15m * 100m) : null, settings.WeightProfitability),
            ("recordedIncidents", statement?.PaymentIncidents, "Payment incidents reported with the latest statement",
                statement is null ? null : Clamp(100m - 25m * statement.PaymentIncidents), settings.WeightRecordedIncidents),
            ("averageDaysLate", daysLate is { } d ? Math.Round(d, 2) : null, $"Average days late of the {invoices.Count} invoices due since {from:yyyy-MM-dd}",
                daysLate is { } d2 ? Clamp(100m - 2m * d2) : null, settings.WeightDaysLate),
            ("disputes", disputes, $"Disputes opened since {from:yyyy-MM-dd}", Clamp(100m - 10m * disputes), settings.WeightDisputes),
            ("collectionIncidents", collection, $"Broken promises, missed instalments, formal notices and agency handovers since {from:yyyy-MM-dd}",
                Clamp(100m - 20m * collection), settings.WeightCollectionIncidents),
        };
        var weights = raw.Where(i => i.Sub is not null).Sum(i => i.Weight);
        var inputs = raw.Select(i => new ScoreInputResponse(
            i.Name, i.Value, i.Description, i.Sub is { } s ? Math.Round(s, 2) : null, i.Weight,
            i.Sub is { } sub && weights > 0 ? Math.Round(i.Weight * sub / weights, 2) : 0m, i.Sub is not null)).ToList();
        decimal? score = weights == 0 ? null : Math.Round(raw.Where(i => i.Sub is not null).Sum(i => i.Weight * i.Sub!.Value) / weights, 2);
        return new ScoreResponse(customerId, today, score, RiskClass(score), statement?.PeriodEnd, inputs, Formula);
    }

    public static string? RiskClass(decimal? score) => score switch
    {
        null => null,
        >= 80m => "A",
        >= 60m => "B",
        >= 40m => "C",
        >= 20m => "D",
        _ => "E",
    };

    private static decimal Clamp(decimal value) => Math.Min(100m, Math.Max(0m, value));

    private static decimal? Round4(decimal? value) => value is { } v ? Math.Round(v, 4) : null;
}
