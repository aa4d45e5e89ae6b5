using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Exposure;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.CreditLimits.Features.Exposure;

public sealed record RefreshExposureRequest(Guid? CustomerId);

public sealed record RefreshExposureResponse(int Customers);

internal sealed record GetCustomerExposureQuery(Guid CustomerId) : IQuery<CustomerExposureResponse>;

internal sealed class GetCustomerExposureHandler(ExposureReader reader, ExposureCalculator calculator)
    : IRequestHandler<GetCustomerExposureQuery, CustomerExposureResponse>
{
    public async Task<CustomerExposureResponse> Handle(GetCustomerExposureQuery query, CancellationToken cancellationToken)
    {
        var snapshot = await reader.ReadAsync(query.CustomerId, ownSubtree: true, cancellationToken);
        var limits = await reader.UnderLimitsAsync(snapshot, cancellationToken);
        var withoutLimit = limits.Count > 0
            ? null
            : await calculator.ComputeAsync(
                snapshot.Account.CompanyId, query.CustomerId, [.. snapshot.Members[query.CustomerId]], snapshot.Lines[query.CustomerId],
                snapshot.Account.Currency, snapshot.Settings, snapshot.Rates, cancellationToken);
        return new CustomerExposureResponse(
            query.CustomerId, snapshot.Account.GroupHeadId, snapshot.Today, ExposureReader.Options(snapshot.Settings), snapshot.Account.Blocked,
            snapshot.Account.BlockedReason, limits, withoutLimit, snapshot.Account.RefreshedAt);
    }
}

internal sealed record RefreshExposureCommand(Guid? CustomerId) : ICommand<RefreshExposureResponse>;

internal sealed class RefreshExposureHandler(CreditLimitsDbContext db, ExposureProjector projector) : IRequestHandler<RefreshExposureCommand, RefreshExposureResponse>
{
    public async Task<RefreshExposureResponse> Handle(RefreshExposureCommand command, CancellationToken cancellationToken)
    {
        if (command.CustomerId is { } customerId)
        {
            var account = await projector.RefreshAsync(customerId, cancellationToken) ?? throw new Shared.Errors.NotFoundException("Customer", customerId);
            await db.SaveChangesAsync(cancellationToken);
            await projector.RecomputeOrdersAsync(account, cancellationToken);
            return new RefreshExposureResponse(1);
        }

        return new RefreshExposureResponse(await projector.RefreshAllAsync(cancellationToken));
    }
}

internal static class GetCustomerExposureEndpoints
{
    public static void MapExposure(this RouteGroupBuilder credit)
    {
        credit.MapGet("customers/{customerId:guid}/exposure", (Guid customerId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetCustomerExposureQuery(customerId), cancellationToken))
            .WithName("GetCustomerExposure")
            .WithSummary("The customer's exposure under each limit that applies (its own, its group head's), with the options used and the figures behind it.")
            .RequireCompanyRoles(CompanyRoles.Readers);
        credit.MapPost("exposure/refresh", async (RefreshExposureRequest request, IMediator mediator, ExposureStatistics statistics, CancellationToken cancellationToken) =>
            {
                var refreshed = await mediator.Send(new RefreshExposureCommand(request.CustomerId), cancellationToken);
                if (request.CustomerId is null)
                {
                    // After the rebuild's commit, so that the statistics count its rows.
                    await statistics.RefreshAsync(cancellationToken);
                }

                return refreshed;
            })
            .WithName("RefreshExposure")
            .WithSummary("Reads one customer (or, without customerId, every customer) from the ledger again: groups and balances. After a rebuild of every customer, the database's statistics of the exposure tables are refreshed, so the order check's plan fits the new rows at once.")
            .RequireCompanyRoles(CompanyRole.Administrator, CompanyRole.CreditManager)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
