using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features.GetAgedBalance;
using Etrepaye.Receivables.Ledger;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.GetCustomerGroupBalances;

public sealed record GroupMemberBalance(Guid CustomerId, string Reference, string Name, Guid? ParentCustomerId, IReadOnlyList<CurrencyBalanceDto> Balances);

/// <param name="Balances">The whole group consolidated, one line per currency (never summed across currencies).</param>
/// <param name="ReportingCurrencyBalance">The whole group converted into the reporting currency; null when a rate is missing (see MissingRates).</param>
/// <param name="Members">Each member's own balances, the head first, then the subsidiaries level by level.</param>
public sealed record CustomerGroupBalancesResponse(
    Guid CustomerId, string Reference, string Name, DateOnly AsOf, int MemberCount, IReadOnlyList<CurrencyBalanceDto> Balances,
    CurrencyBalanceDto? ReportingCurrencyBalance, IReadOnlyList<string> RatesUsed, IReadOnlyList<string> MissingRates, PagedResult<GroupMemberBalance> Members);

internal sealed record GetCustomerGroupBalancesQuery(Guid CustomerId, DateOnly? AsOf, PageQuery Page) : IQuery<CustomerGroupBalancesResponse>;

internal sealed class GetCustomerGroupBalancesValidator : AbstractValidator<GetCustomerGroupBalancesQuery>
{
    public GetCustomerGroupBalancesValidator() => RuleFor(q => q.AsOf).NotNull().WithMessage("asOf (YYYY-MM-DD) is required.");
}

internal sealed class GetCustomerGroupBalancesHandler(ReceivablesDbContext db, LedgerReader ledger, AgedBalanceAggregator aggregator, RequestContext requestContext)
    : IRequestHandler<GetCustomerGroupBalancesQuery, CustomerGroupBalancesResponse>
{
    public async Task<CustomerGroupBalancesResponse> Handle(GetCustomerGroupBalancesQuery query, CancellationToken cancellationToken)
    {
        query.Page.Validate();
        var asOf = query.AsOf!.Value;
        var settings = await db.Settings.AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Receivables settings of company", requestContext.CompanyId);
        var limits = settings.AgingBucketLimits;
        var members = await CustomerGroups.MembersAsync(db, query.CustomerId, cancellationToken);
        var sums = await aggregator.SumAsync(aggregator.OpenRows(asOf, true, null, null, members.Select(m => m.Id).ToList()), asOf, limits, perCustomer: true, cancellationToken);
        var perMember = sums.ToLookup(s => s.CustomerId);
        var page = members.Skip((query.Page.Number - 1) * query.Page.Size).Take(query.Page.Size)
            .Select(m => new GroupMemberBalance(m.Id, m.Reference, m.Name, m.ParentCustomerId, Balances(GetAgedBalanceHandler.Lines(perMember[m.Id], limits))))
            .ToList();
        var converted = await GetAgedBalanceHandler.ConvertAsync(ledger, sums, settings.ReportingCurrency, asOf, limits, cancellationToken);
        var head = members[0];
        return new CustomerGroupBalancesResponse(
            head.Id, head.Reference, head.Name, asOf, members.Count, Balances(GetAgedBalanceHandler.Lines(sums, limits)),
            converted.Line is null ? null : Balance(converted.Line), converted.RatesUsed, converted.MissingRates,
            new PagedResult<GroupMemberBalance>(page, query.Page.Number, query.Page.Size, members.Count));
    }

    private static List<CurrencyBalanceDto> Balances(IEnumerable<AgedLine> lines) => lines.Select(Balance).ToList();

    private static CurrencyBalanceDto Balance(AgedLine line) =>
        new(line.Currency, line.TotalOpen.Amount, line.TotalOverdue.Amount, line.UnappliedCredits.Amount, line.Balance);
}

internal static class GetCustomerGroupBalancesEndpoint
{
    public static void MapGetCustomerGroupBalances(this RouteGroupBuilder receivables) =>
        receivables.MapGet("customers/{customerId:guid}/group/balances",
                (Guid customerId, DateOnly? asOf, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new GetCustomerGroupBalancesQuery(customerId, asOf, page), cancellationToken))
            .WithName("GetCustomerGroupBalances")
            .WithSummary("The balances of a customer and all its subsidiaries consolidated per currency and in the reporting currency, with each member's (paged).")
            .ProducesValidationProblem();
}
