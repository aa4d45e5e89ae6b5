using Etrepaye.Guarantees.Data;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.Reports;

/// <param name="Buckets">0–30, 31–60 and 61–90 days ahead of the as-of date.</param>
public sealed record ExpiringReportResponse(DateOnly AsOf, IReadOnlyList<ExpiringBucketResponse> Buckets);

/// <param name="Totals">The amounts expiring, one line per currency.</param>
public sealed record ExpiringBucketResponse(int FromDays, int ToDays, int Count, IReadOnlyList<CurrencyAmountResponse> Totals, IReadOnlyList<ExpiringGuaranteeResponse> Guarantees);

public sealed record CurrencyAmountResponse(string Currency, decimal Amount);

public sealed record ExpiringGuaranteeResponse(Guid Id, Guid CustomerId, string Type, string IssuerName, decimal Amount, string Currency, DateOnly ExpiryDate, int DaysLeft);

internal sealed record GetExpiringReportQuery(DateOnly AsOf) : IQuery<ExpiringReportResponse>;

internal sealed class GetExpiringReportValidator : AbstractValidator<GetExpiringReportQuery>
{
    public GetExpiringReportValidator() => RuleFor(q => q.AsOf).NotEqual(default(DateOnly)).WithMessage("asOf is required.");
}

/// <summary>Guarantees covering on the as-of date that expire within 90 days, in 30-day buckets: what to renew first.</summary>
internal sealed class GetExpiringReportHandler(GuaranteesDbContext db) : IRequestHandler<GetExpiringReportQuery, ExpiringReportResponse>
{
    private static readonly (int From, int To)[] _buckets = [(0, 30), (31, 60), (61, 90)];

    public async Task<ExpiringReportResponse> Handle(GetExpiringReportQuery query, CancellationToken cancellationToken)
    {
        var asOf = query.AsOf;
        var horizon = asOf.AddDays(90);
        var guarantees = (await db.Guarantees.AsNoTracking()
                .Where(g => g.ActivatedOn != null && g.ActivatedOn <= asOf && g.StartDate <= asOf && g.ExpiryDate >= asOf && g.ExpiryDate <= horizon
                    && (g.ReleasedOn == null || g.ReleasedOn > asOf))
                .OrderBy(g => g.ExpiryDate).ThenBy(g => g.Id)
                .ToListAsync(cancellationToken))
            .Select(g => new ExpiringGuaranteeResponse(g.Id, g.CustomerId, g.Type.ToString(), g.IssuerName, g.Amount, g.Currency, g.ExpiryDate, g.ExpiryDate.DayNumber - asOf.DayNumber))
            .ToList();
        return new ExpiringReportResponse(asOf, _buckets.Select(bucket =>
        {
            var inBucket = guarantees.Where(g => g.DaysLeft >= bucket.From && g.DaysLeft <= bucket.To).ToList();
            return new ExpiringBucketResponse(
                bucket.From, bucket.To, inBucket.Count,
                inBucket.GroupBy(g => g.Currency).OrderBy(g => g.Key).Select(g => new CurrencyAmountResponse(g.Key, g.Sum(x => x.Amount))).ToList(),
                inBucket);
        }).ToList());
    }
}

internal static class GetExpiringReportEndpoint
{
    public static void MapGetExpiringReport(this RouteGroupBuilder guarantees) =>
        guarantees.MapGet("reports/expiring", (DateOnly asOf, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetExpiringReportQuery(asOf), cancellationToken))
            .WithName("GetExpiringGuaranteesReport")
            .WithSummary("Guarantees in force on a date that expire in the next 30, 60 and 90 days, with the amounts per currency.")
            .ProducesValidationProblem();
}
