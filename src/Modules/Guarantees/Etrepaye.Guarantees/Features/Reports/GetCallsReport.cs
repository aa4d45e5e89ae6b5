using Etrepaye.Guarantees.Data;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.Reports;

/// <param name="Totals">Per currency: called, recovered by the as-of date, still outstanding.</param>
public sealed record CallsReportResponse(DateOnly From, DateOnly To, DateOnly AsOf, IReadOnlyList<CallTotalsResponse> Totals, IReadOnlyList<CallLineResponse> Calls);

public sealed record CallTotalsResponse(string Currency, int Count, decimal Called, decimal Recovered, decimal Outstanding);

public sealed record CallLineResponse(Guid CallId, Guid GuaranteeId, Guid CustomerId, DateOnly CalledOn, string Currency, decimal Called, decimal Recovered, decimal Outstanding);

internal sealed record GetCallsReportQuery(DateOnly From, DateOnly To, DateOnly AsOf) : IQuery<CallsReportResponse>;

internal sealed class GetCallsReportValidator : AbstractValidator<GetCallsReportQuery>
{
    public GetCallsReportValidator()
    {
        RuleFor(q => q.From).NotEqual(default(DateOnly)).WithMessage("from is required.");
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).WithMessage("to cannot be before from.")
            .Must((q, to) => to.DayNumber - q.From.DayNumber <= 3660).WithMessage("The period is at most ten years.");
        RuleFor(q => q.AsOf).GreaterThanOrEqualTo(q => q.From).WithMessage("asOf cannot be before the start of the period.");
    }
}

/// <summary>The calls made in a period and what was recovered on them by the as-of date (receipts dated on or before it).</summary>
internal sealed class GetCallsReportHandler(GuaranteesDbContext db) : IRequestHandler<GetCallsReportQuery, CallsReportResponse>
{
    public async Task<CallsReportResponse> Handle(GetCallsReportQuery query, CancellationToken cancellationToken)
    {
        var calls = await db.Calls.AsNoTracking().Where(c => c.CalledOn >= query.From && c.CalledOn <= query.To)
            .OrderBy(c => c.CalledOn).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var ids = calls.Select(c => c.Id).ToList();
        var receipts = await db.CallReceipts.AsNoTracking().Where(r => ids.Contains(r.CallId) && r.ReceivedOn <= query.AsOf)
            .Select(r => new { r.CallId, r.Amount }).ToListAsync(cancellationToken);
        var lines = calls.Select(c =>
        {
            var recovered = receipts.Where(r => r.CallId == c.Id).Sum(r => r.Amount);
            return new CallLineResponse(c.Id, c.GuaranteeId, c.CustomerId, c.CalledOn, c.Currency, c.Amount, recovered, c.Amount - recovered);
        }).ToList();
        var totals = lines.GroupBy(l => l.Currency).OrderBy(g => g.Key)
            .Select(g => new CallTotalsResponse(g.Key, g.Count(), g.Sum(l => l.Called), g.Sum(l => l.Recovered), g.Sum(l => l.Outstanding))).ToList();
        return new CallsReportResponse(query.From, query.To, query.AsOf, totals, lines);
    }
}

internal static class GetCallsReportEndpoint
{
    public static void MapGetCallsReport(this RouteGroupBuilder guarantees) =>
        guarantees.MapGet("reports/calls", (DateOnly from, DateOnly to, DateOnly? asOf, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetCallsReportQuery(from, to, asOf ?? to), cancellationToken))
            .WithName("GetGuaranteeCallsReport")
            .WithSummary("Guarantee calls made in a period and the amounts recovered on them by the as-of date (default: the end of the period), per currency.")
            .ProducesValidationProblem();
}
