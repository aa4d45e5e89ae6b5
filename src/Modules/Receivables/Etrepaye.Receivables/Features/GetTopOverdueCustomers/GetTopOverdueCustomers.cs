using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Ledger;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.GetTopOverdueCustomers;

/// <param name="Overdue">Open debits past due on the as-of date, in <paramref name="Currency"/> (unconverted).</param>
/// <param name="OldestBucket">The label of the oldest bucket holding part of it ("> 90").</param>
public sealed record OverdueCustomer(Guid CustomerId, string Reference, string Name, string Currency, decimal Overdue, int OverdueCount, string OldestBucket);

/// <param name="Customers">The largest overdue amounts first, at most <paramref name="Limit"/> per currency.</param>
public sealed record TopOverdueCustomersResponse(DateOnly AsOf, string? Currency, string? Entity, int Limit, IReadOnlyList<OverdueCustomer> Customers);

internal sealed record GetTopOverdueCustomersQuery(DateOnly? AsOf, string? Currency, string? Entity, int? Limit) : IQuery<TopOverdueCustomersResponse>;

internal sealed class GetTopOverdueCustomersValidator : AbstractValidator<GetTopOverdueCustomersQuery>
{
    public GetTopOverdueCustomersValidator()
    {
        RuleFor(q => q.AsOf).NotNull().WithMessage("asOf (YYYY-MM-DD) is required.");
        RuleFor(q => q.Currency!).Must(Etrepaye.Shared.Contracts.Currency.IsKnown).When(q => q.Currency is not null).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.");
        RuleFor(q => q.Limit).InclusiveBetween(1, 100).When(q => q.Limit is not null);
    }
}

internal sealed class GetTopOverdueCustomersHandler(ReceivablesDbContext db, AgedBalanceAggregator aggregator, RequestContext requestContext)
    : IRequestHandler<GetTopOverdueCustomersQuery, TopOverdueCustomersResponse>
{
    public async Task<TopOverdueCustomersResponse> Handle(GetTopOverdueCustomersQuery query, CancellationToken cancellationToken)
    {
        var asOf = query.AsOf!.Value;
        var limit = query.Limit ?? 10;
        var settings = await db.Settings.AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Receivables settings of company", requestContext.CompanyId);
        var limits = settings.AgingBucketLimits;
        var labels = GetAgedBalance.GetAgedBalanceHandler.Definitions(limits).Select(d => d.Label).ToList();
        var sums = await aggregator.SumAsync(aggregator.OpenRows(asOf, true, query.Currency, query.Entity, null), asOf, limits, perCustomer: true, cancellationToken);

        // Amounts of different currencies are never added: the ranking is per currency.
        var top = sums.Where(s => !s.Credit && s.Bucket > 0)
            .GroupBy(s => (s.CustomerId, s.Currency))
            .Select(g => new { g.Key.CustomerId, g.Key.Currency, Overdue = g.Sum(s => s.Amount), Count = g.Sum(s => s.Count), Oldest = g.Max(s => s.Bucket) })
            .Where(x => x.Overdue > 0m)
            .GroupBy(x => x.Currency)
            .SelectMany(g => g.OrderByDescending(x => x.Overdue).ThenBy(x => x.CustomerId).Take(limit))
            .ToList();
        var ids = top.Select(x => x.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Reference, c.Name }).ToDictionaryAsync(c => c.Id, cancellationToken);
        var lines = top.OrderBy(x => x.Currency, StringComparer.Ordinal).ThenByDescending(x => x.Overdue)
            .Select(x => new OverdueCustomer(x.CustomerId, customers[x.CustomerId].Reference, customers[x.CustomerId].Name, x.Currency, x.Overdue, x.Count, labels[x.Oldest - 1]))
            .ToList();
        return new TopOverdueCustomersResponse(asOf, query.Currency, query.Entity, limit, lines);
    }
}

internal static class GetTopOverdueCustomersEndpoint
{
    public static void MapGetTopOverdueCustomers(this RouteGroupBuilder receivables) =>
        receivables.MapGet("reports/top-overdue",
                (DateOnly? asOf, string? currency, string? entity, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new GetTopOverdueCustomersQuery(asOf, currency, entity, limit), cancellationToken))
            .WithName("GetTopOverdueCustomers")
            .WithSummary("The customers with the largest amounts past due on a date (by due date), per currency, with the oldest bucket each reaches.")
            .ProducesValidationProblem();
}
