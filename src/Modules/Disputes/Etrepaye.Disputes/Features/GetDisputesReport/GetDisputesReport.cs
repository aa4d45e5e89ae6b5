using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Support;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.GetDisputesReport;

/// <summary>Open disputes of one group (a reason, a customer, an owner department, an age bucket) in one currency.</summary>
public sealed record DisputeGroupLine(string Key, string Currency, int Count, decimal Amount);

public sealed record CurrencyAmount(string Currency, decimal Amount);

/// <param name="Share">Disputed overdue / overdue (0 when nothing is overdue).</param>
public sealed record OverdueShareLine(string Currency, decimal Overdue, decimal DisputedOverdue, decimal Share);

/// <param name="AsOf">The date the figures are for: disputes opened on or before it and not closed on it.</param>
/// <param name="AverageResolutionDays">Calendar days from opening to closing, over disputes closed on or before the date (null when none).</param>
/// <param name="OverdueShare">Per currency, how much of the company's overdue amount (Receivables) is held by open disputes on invoices past due.</param>
public sealed record DisputesReportResponse(
    DateOnly AsOf, int OpenCount, IReadOnlyList<CurrencyAmount> AmountInDispute, IReadOnlyList<DisputeGroupLine> ByReason, IReadOnlyList<DisputeGroupLine> ByCustomer,
    IReadOnlyList<DisputeGroupLine> ByOwner, IReadOnlyList<DisputeGroupLine> ByAge, int ClosedCount, decimal? AverageResolutionDays,
    IReadOnlyList<OverdueShareLine> OverdueShare);

internal sealed record GetDisputesReportQuery(DateOnly? AsOf) : IQuery<DisputesReportResponse>;

internal sealed class GetDisputesReportHandler(DisputesDbContext db, IReceivablesQueries receivables, CompanyCalendar calendar, RequestContext requestContext)
    : IRequestHandler<GetDisputesReportQuery, DisputesReportResponse>
{
    private static readonly (int UpTo, string Name)[] _ages = [(30, "0-30"), (60, "31-60"), (90, "61-90"), (int.MaxValue, "91+")];

    public async Task<DisputesReportResponse> Handle(GetDisputesReportQuery query, CancellationToken cancellationToken)
    {
        var asOf = query.AsOf ?? (await calendar.ForAsync(requestContext.CompanyId, cancellationToken)).Today;
        var opened = await db.Disputes.AsNoTracking().Where(d => d.OpenedOn <= asOf).ToListAsync(cancellationToken);
        var open = opened.Where(d => d.ClosedOn is null || d.ClosedOn > asOf).ToList();
        var closed = opened.Where(d => d.ClosedOn is not null && d.ClosedOn <= asOf).ToList();
        var openIds = open.Select(d => d.Id).ToList();
        var lines = await db.Lines.AsNoTracking().Where(l => openIds.Contains(l.DisputeId)).ToListAsync(cancellationToken);
        var customers = (await receivables.GetCustomersAsync([.. open.Select(d => d.CustomerId).Distinct()], cancellationToken)).ToDictionary(c => c.Id);

        List<DisputeGroupLine> By(Func<Domain.Dispute, string> key) =>
        [
            .. open.GroupBy(d => (Key: key(d), d.Currency))
                .Select(g => new DisputeGroupLine(g.Key.Key, g.Key.Currency, g.Count(), g.Sum(d => d.Amount)))
                .OrderByDescending(g => g.Amount).ThenBy(g => g.Key),
        ];

        var overdue = (await receivables.GetBalancesAsync(asOf, cancellationToken))
            .SelectMany(b => b.Currencies)
            .GroupBy(c => c.Currency)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Overdue));
        var disputedOverdue = lines.Where(l => l.InvoiceDueDate < asOf)
            .Join(open, l => l.DisputeId, d => d.Id, (l, d) => (d.Currency, l.Amount))
            .GroupBy(x => x.Currency)
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Amount));
        return new DisputesReportResponse(
            asOf,
            open.Count,
            [.. open.GroupBy(d => d.Currency).Select(g => new CurrencyAmount(g.Key, g.Sum(d => d.Amount))).OrderBy(c => c.Currency)],
            By(d => d.ReasonCode),
            By(d => customers.TryGetValue(d.CustomerId, out var c) ? $"{c.Reference} {c.Name}" : d.CustomerId.ToString()),
            By(d => d.OwnerDepartment),
            By(d => _ages.First(a => asOf.DayNumber - d.OpenedOn.DayNumber <= a.UpTo).Name),
            closed.Count,
            closed.Count == 0 ? null : Math.Round((decimal)closed.Average(d => d.ClosedOn!.Value.DayNumber - d.OpenedOn.DayNumber), 1),
            [
                .. overdue.Keys.Union(disputedOverdue.Keys).Order().Select(currency =>
                {
                    var total = overdue.GetValueOrDefault(currency);
                    var disputed = disputedOverdue.GetValueOrDefault(currency);
                    return new OverdueShareLine(currency, total, disputed, total == 0m ? 0m : Math.Round(disputed / total, 4));
                }),
            ]);
    }
}

internal static class GetDisputesReportEndpoint
{
    public static void MapGetDisputesReport(this RouteGroupBuilder disputes) =>
        disputes.MapGet("reports", (DateOnly? asOf, IMediator mediator, CancellationToken cancellationToken) => mediator.Send(new GetDisputesReportQuery(asOf), cancellationToken))
            .WithName("GetDisputesReport")
            .WithSummary(
                "Disputes as of a date (today by default): open ones by reason, customer, owner department and age (0-30, 31-60, 61-90, 91+ days), the amount in " +
                "dispute, the average resolution time, and the share of the overdue amount that is disputed.");
}
