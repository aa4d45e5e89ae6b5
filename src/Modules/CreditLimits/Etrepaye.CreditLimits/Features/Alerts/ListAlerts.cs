using Etrepaye.Access.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Exposure;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Features.Alerts;

/// <param name="Type">OverLimit (≥ 100 %), NearLimit (≥ the warning percent), Expired, NoReviewDate.</param>
public sealed record CreditAlertResponse(string Type, Guid CustomerId, decimal Limit, string Currency, decimal? Exposure, decimal? UsedPercent, DateOnly? ValidUntil, string Message);

public sealed record CreditAlertsResponse(DateOnly AsOf, decimal WarningPercent, ExposureOptionsResponse Options, IReadOnlyList<CreditAlertResponse> Alerts);

internal sealed record ListCreditAlertsQuery : IQuery<CreditAlertsResponse>;

/// <summary>The current alerts over every limit of the company, computed from the exposure rows (the worst first).</summary>
internal sealed class ListCreditAlertsHandler(CreditLimitsDbContext db, CreditPolicy policy, ExposureCalculator calculator, IReceivablesQueries receivables, ICompanyClock clock)
    : IRequestHandler<ListCreditAlertsQuery, CreditAlertsResponse>
{
    public async Task<CreditAlertsResponse> Handle(ListCreditAlertsQuery query, CancellationToken cancellationToken)
    {
        var settings = await policy.SettingsAsync(cancellationToken);
        var today = await clock.TodayAsync(db.CurrentCompanyId, cancellationToken);
        var rates = new RateBook(receivables, today);
        var limits = await db.Limits.AsNoTracking().OrderBy(l => l.CustomerId).ToListAsync(cancellationToken);
        var limitCustomers = limits.Select(l => l.CustomerId).ToList();
        var lines = await db.ExposureLines.AsNoTracking()
            .Where(l => limitCustomers.Contains(l.CustomerId) || limitCustomers.Contains(l.GroupHeadId)).ToListAsync(cancellationToken);
        var alerts = new List<CreditAlertResponse>();
        foreach (var limit in limits)
        {
            var exposure = await calculator.ComputeAsync(
                db.CurrentCompanyId, limit.CustomerId, lines.Where(l => ExposureCalculator.Covers(limit, l)), limit.Currency, settings, rates, cancellationToken);
            decimal? used = limit.Amount == 0m ? null : ExposureCalculator.Round(exposure.Total / limit.Amount * 100m);
            void Add(string type, string message) =>
                alerts.Add(new CreditAlertResponse(type, limit.CustomerId, limit.Amount, limit.Currency, exposure.Total, used, limit.ValidUntil, message));
            if (exposure.Total > 0m && (limit.Amount == 0m || used >= 100m))
            {
                Add("OverLimit", $"Exposure {exposure.Total} {limit.Currency} is at or over the limit of {limit.Amount}.");
            }
            else if (used >= settings.WarningPercent)
            {
                Add("NearLimit", $"Exposure {exposure.Total} {limit.Currency} is {used} % of the limit of {limit.Amount}.");
            }

            if (limit.ValidUntil < today)
            {
                Add("Expired", $"The limit expired on {limit.ValidUntil:yyyy-MM-dd}.");
            }

            if (limit.ReviewDate is null)
            {
                Add("NoReviewDate", "The limit has no review date.");
            }
        }

        string[] order = ["OverLimit", "Expired", "NearLimit", "NoReviewDate"];
        return new CreditAlertsResponse(
            today, settings.WarningPercent, ExposureReader.Options(settings),
            [.. alerts.OrderBy(a => Array.IndexOf(order, a.Type)).ThenByDescending(a => a.UsedPercent ?? 0m)]);
    }
}

internal static class ListCreditAlertsEndpoint
{
    public static void MapAlerts(this RouteGroupBuilder credit) =>
        credit.MapGet("alerts", (IMediator mediator, CancellationToken cancellationToken) => mediator.Send(new ListCreditAlertsQuery(), cancellationToken))
            .WithName("ListCreditAlerts")
            .WithSummary("Current alerts: exposure at or over the warning percent (80 by default) and 100 % of the limit, expired limits, limits without a review date.")
            .RequireCompanyRoles(CompanyRoles.Readers);
}
