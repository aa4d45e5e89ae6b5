using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.GetAgencyPerformance;

/// <param name="RecoveryRate">Collected divided by handed over (0 to 1, four decimals); null when nothing was handed over.</param>
public sealed record CurrencyPerformance(string Currency, decimal HandedOver, decimal Collected, decimal Fees, decimal? RecoveryRate);

/// <param name="CasesHandedOver">Cases handed over to the agency in the period: every other figure is about these cases.</param>
/// <param name="AverageDaysToRecover">Days from handover to closing, over those of these cases the agency closed Recovered; null when none.</param>
/// <param name="OpenCasesPastSla">
/// The agency's cases open on <paramref name="AsOf"/> (whenever handed over) that missed a service level: not accepted by the first-contact
/// date, or no report for longer than the report frequency.
/// </param>
public sealed record AgencyPerformanceResponse(
    Guid AgencyId, string AgencyName, DateOnly From, DateOnly To, DateOnly AsOf, int CasesHandedOver, int CasesOpen, int CasesRecalled, int CasesRecovered,
    int CasesPartiallyRecovered, int CasesUnrecoverable, decimal? AverageDaysToRecover, IReadOnlyList<CurrencyPerformance> Amounts,
    int OpenCasesPastSla, IReadOnlyList<Guid> OpenCasesPastSlaIds);

internal sealed record GetAgencyPerformanceQuery(Guid AgencyId, DateOnly From, DateOnly To) : IQuery<AgencyPerformanceResponse>;

internal sealed class GetAgencyPerformanceValidator : AbstractValidator<GetAgencyPerformanceQuery>
{
    public GetAgencyPerformanceValidator() =>
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).WithMessage("to must be on or after from.");
}

internal sealed class GetAgencyPerformanceHandler(CollectionDbContext db, ICompanyClock day, RequestContext requestContext)
    : IRequestHandler<GetAgencyPerformanceQuery, AgencyPerformanceResponse>
{
    public async Task<AgencyPerformanceResponse> Handle(GetAgencyPerformanceQuery query, CancellationToken cancellationToken)
    {
        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == query.AgencyId, cancellationToken)
            ?? throw new NotFoundException("Agency", query.AgencyId);
        var asOf = await day.TodayAsync(requestContext.CompanyId, cancellationToken);
        var cohort = await db.AgencyCases.AsNoTracking()
            .Where(c => c.AgencyId == agency.Id && c.HandedOverOn >= query.From && c.HandedOverOn <= query.To)
            .ToListAsync(cancellationToken);
        var open = await db.AgencyCases.AsNoTracking().Where(c => c.AgencyId == agency.Id && c.HeldCaseId != null).ToListAsync(cancellationToken);

        var recovered = cohort.Where(c => c.Outcome == AgencyOutcome.Recovered && c.ReturnedOn is not null).ToList();
        decimal? averageDays = recovered.Count == 0
            ? null
            : Math.Round((decimal)recovered.Average(c => c.ReturnedOn!.Value.DayNumber - c.HandedOverOn.DayNumber), 1, MidpointRounding.AwayFromZero);
        var amounts = cohort.GroupBy(c => c.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var handedOver = g.Sum(c => c.HandedOverAmount);
                var collected = g.Sum(c => c.CollectedAmount);
                return new CurrencyPerformance(
                    g.Key, handedOver, collected, g.Sum(c => c.FeesAmount), handedOver == 0m ? null : Math.Round(collected / handedOver, 4, MidpointRounding.AwayFromZero));
            })
            .ToList();
        var pastSla = open.Where(c => IsPastSla(c, asOf)).OrderBy(c => c.HandedOverOn).ThenBy(c => c.Id).Select(c => c.Id).ToList();
        return new AgencyPerformanceResponse(
            agency.Id, agency.Name, query.From, query.To, asOf, cohort.Count, cohort.Count(c => c.IsHeld), cohort.Count(c => c.Status == AgencyCaseStatus.Recalled),
            recovered.Count, cohort.Count(c => c.Outcome == AgencyOutcome.PartiallyRecovered), cohort.Count(c => c.Outcome == AgencyOutcome.Unrecoverable),
            averageDays, amounts, pastSla.Count, pastSla);
    }

    private static bool IsPastSla(AgencyCase agencyCase, DateOnly asOf) =>
        agencyCase.Status == AgencyCaseStatus.HandedOver
            ? asOf > agencyCase.FirstContactDueOn
            : asOf > (agencyCase.LastReportOn ?? agencyCase.HandedOverOn).AddDays(agencyCase.ReportEveryDays);
}

internal static class GetAgencyPerformanceEndpoint
{
    public static void MapGetAgencyPerformance(this RouteGroupBuilder collection) =>
        collection.MapGet("agencies/{agencyId:guid}/performance", (Guid agencyId, DateOnly from, DateOnly to, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetAgencyPerformanceQuery(agencyId, from, to), cancellationToken))
            .WithName("GetAgencyPerformance")
            .WithSummary(
                "An agency's results on the cases handed over to it in a period: counts by outcome, recovery rate (collected / handed over) and fees per currency, " +
                "average days to recover; and its open cases past a service level today.");
}
