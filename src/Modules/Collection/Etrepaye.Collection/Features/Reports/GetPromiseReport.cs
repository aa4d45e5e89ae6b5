using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Reports;

/// <param name="KeptRate">Kept divided by kept plus broken (0 to 1, four decimals); null when none was resolved.</param>
public sealed record PromiseFigures(string Currency, int Kept, decimal KeptAmount, int Broken, decimal BrokenAmount, int Pending, decimal PendingAmount, decimal? KeptRate);

/// <param name="Currencies">One line per currency of the promises whose deadline (promised date plus grace) falls in the period.</param>
public sealed record PromiseReportResponse(DateOnly From, DateOnly To, int Kept, int Broken, int Pending, IReadOnlyList<PromiseFigures> Currencies);

internal sealed record GetPromiseReportQuery(DateOnly From, DateOnly To) : IQuery<PromiseReportResponse>;

internal sealed class GetPromiseReportValidator : AbstractValidator<GetPromiseReportQuery>
{
    public GetPromiseReportValidator() =>
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).WithMessage("to must be on or after from.");
}

internal sealed class GetPromiseReportHandler(CollectionDbContext db) : IRequestHandler<GetPromiseReportQuery, PromiseReportResponse>
{
    public async Task<PromiseReportResponse> Handle(GetPromiseReportQuery query, CancellationToken cancellationToken)
    {
        var promises = await db.Promises.AsNoTracking()
            .Where(p => p.DueBy >= query.From && p.DueBy <= query.To)
            .Select(p => new { p.Currency, p.Amount, p.Status })
            .ToListAsync(cancellationToken);

        // Amounts are summed in memory: SQLite keeps decimals as text.
        var lines = promises.GroupBy(p => p.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var kept = g.Where(p => p.Status == PromiseStatus.Kept).ToList();
                var broken = g.Where(p => p.Status == PromiseStatus.Broken).ToList();
                var pending = g.Where(p => p.Status == PromiseStatus.Pending).ToList();
                decimal? rate = kept.Count + broken.Count == 0 ? null : Math.Round((decimal)kept.Count / (kept.Count + broken.Count), 4, MidpointRounding.AwayFromZero);
                return new PromiseFigures(
                    g.Key, kept.Count, kept.Sum(p => p.Amount), broken.Count, broken.Sum(p => p.Amount), pending.Count, pending.Sum(p => p.Amount), rate);
            })
            .ToList();
        return new PromiseReportResponse(query.From, query.To, lines.Sum(l => l.Kept), lines.Sum(l => l.Broken), lines.Sum(l => l.Pending), lines);
    }
}

internal static class GetPromiseReportEndpoint
{
    public static void MapGetPromiseReport(this RouteGroupBuilder collection) =>
        collection.MapGet("reports/promises", (DateOnly from, DateOnly to, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetPromiseReportQuery(from, to), cancellationToken))
            .WithName("GetPromiseReport")
            .WithSummary("Promises to pay whose deadline (promised date plus grace) falls in a period: kept, broken and still pending, with their amounts per currency.")
            .ProducesValidationProblem();
}
