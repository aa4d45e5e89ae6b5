using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.ListDirectPayments;

internal sealed record ListDirectPaymentsQuery(Guid AgencyId, Guid AgencyCaseId, PageQuery Page) : IQuery<PagedResult<DirectPaymentResponse>>;

internal sealed class ListDirectPaymentsHandler(CollectionDbContext db) : IRequestHandler<ListDirectPaymentsQuery, PagedResult<DirectPaymentResponse>>
{
    public async Task<PagedResult<DirectPaymentResponse>> Handle(ListDirectPaymentsQuery query, CancellationToken cancellationToken)
    {
        var agencyCase = await AgencyReads.FindForAgencyAsync(db, query.AgencyCaseId, query.AgencyId, cancellationToken);
        return await db.AgencyDirectPayments.AsNoTracking().Where(p => p.AgencyCaseId == agencyCase.Id).OrderBy(p => p.ReceivedOn).ThenBy(p => p.Id)
            .Select(p => new DirectPaymentResponse(p.Id, p.PaymentId, p.Reference, p.Amount, p.Currency, p.ReceivedOn, p.RecordedAt))
            .ToPageAsync(query.Page, cancellationToken);
    }
}

internal static class ListDirectPaymentsEndpoint
{
    public static void MapListDirectPayments(this RouteGroupBuilder agency) =>
        agency.MapGet("cases/{agencyCaseId:guid}/direct-payments", (
                Guid agencyCaseId, [AsParameters] PageQuery page, AgencyCaller caller, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListDirectPaymentsQuery(caller.AgencyId, agencyCaseId, page), cancellationToken))
            .WithName("AgencyListDirectPayments")
            .WithSummary("Payments the customer made directly to the company while the agency held the case, oldest first.")
            .ProducesValidationProblem();
}
