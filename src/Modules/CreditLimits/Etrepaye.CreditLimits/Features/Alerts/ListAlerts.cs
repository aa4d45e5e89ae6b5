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
/// <param name="CustomerReference">The customer's reference in the ledger (null if the ledger no longer has it).</param>
public sealed record CreditAlertResponse(
    string Type, Guid CustomerId, decimal Limit, string Currency, decimal? Exposure, decimal? UsedPercent, DateOnly? ValidUntil, string Message,
    string? CustomerReference = null, string? CustomerName = null);

/// <summary>One page of the alerts, the worst first, with the date and options they were computed with.</summary>
/// <param name="TotalCount">How many alerts there are over every page.</param>
public sealed record CreditAlertsResponse(
    DateOnly AsOf, decimal WarningPercent, ExposureOptionsResponse Options, IReadOnlyList<CreditAlertResponse> Items, int Page, int PageSize, int TotalCount);

internal sealed record ListCreditAlertsQuery(PageQuery Page) : IQuery<CreditAlertsResponse>;

/// <summary>
/// The current alerts over every limit of the company, computed from the exposure rows of each limit's subtree (one query for
/// all of them), the worst first, one page at a time.
/// </summary>
internal sealed class ListCreditAlertsHandler(CreditLimitsDbContext db, CreditPolicy policy, ExposureCalculator calculator, IReceivablesQueries receivables, ICompanyClock clock)
    : IRequestHandler<ListCreditAlertsQuery, CreditAlertsResponse>
{
    public async Task<CreditAlertsResponse> Handle(ListCreditAlertsQuery query, CancellationToken cancellationToken)
    {
        query.Page.Validate();
        var settings = await policy.SettingsAsync(cancellationToken);
        var today = await clock.TodayAsync(db.CurrentCompanyId, cancellationToken);
        var rates = new RateBook(receivables, today);
        var limits = await db.Limits.AsNoTracking().OrderBy(l => l.CustomerId).ToListAsync(cancellationToken);
        var members = await (
                from limit in db.Limits.AsNoTracking()
                join ancestor in db.Ancestors.AsNoTracking() on limit.CustomerId equals ancestor.AncestorId
                join line in db.ExposureLines.AsNoTracking() on ancestor.CustomerId equals line.CustomerId into lines
                from line in lines.DefaultIfEmpty()
                select new { limit.CustomerId, Member = ancestor.CustomerId, Line = line })
            .ToListAsync(cancellationToken);
        var membersOf = members.Select(m => (m.CustomerId, m.Member)).Distinct().ToLookup(m => m.CustomerId, m => m.Member);
        var linesOf = members.Where(m => m.Line is not null).ToLookup(m => m.CustomerId, m => m.Line!);
        var alerts = new List<CreditAlertResponse>();
        foreach (var limit in limits)
        {
            var exposure = await calculator.ComputeAsync(
                db.CurrentCompanyId, limit.CustomerId, [.. membersOf[limit.CustomerId]], linesOf[limit.CustomerId], limit.Currency, settings, rates, cancellationToken);
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
        var page = alerts.OrderBy(a => Array.IndexOf(order, a.Type)).ThenByDescending(a => a.UsedPercent ?? 0m).ThenBy(a => a.CustomerId)
            .Skip((query.Page.Number - 1) * query.Page.Size).Take(query.Page.Size).ToList();
        var names = await CustomerNames.ReadAsync(receivables, page.Select(a => a.CustomerId), cancellationToken);
        page = [.. page.Select(a => names.TryGetValue(a.CustomerId, out var c) ? a with { CustomerReference = c.Reference, CustomerName = c.Name } : a)];
        return new CreditAlertsResponse(today, settings.WarningPercent, ExposureReader.Options(settings), page, query.Page.Number, query.Page.Size, alerts.Count);
    }
}

internal static class ListCreditAlertsEndpoint
{
    public static void MapAlerts(this RouteGroupBuilder credit) =>
        credit.MapGet("alerts", (int? page, int? pageSize, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListCreditAlertsQuery(new PageQuery(page, pageSize)), cancellationToken))
            .WithName("ListCreditAlerts")
            .WithSummary("Current alerts, the worst first, paged: exposure at or over the warning percent (80 by default) and 100 % of the limit, expired limits, limits without a review date.")
            .RequireCompanyRoles(CompanyRoles.Readers);
}
