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

namespace Etrepaye.Receivables.Features.GetCustomerGroupAgedBalance;

/// <param name="CustomerId">The group's head: the customer asked for.</param>
/// <param name="MemberCount">The head and all its subsidiaries, at any depth.</param>
/// <param name="Totals">The whole group consolidated, one line per currency.</param>
/// <param name="ReportingCurrencyTotal">The whole group converted into the reporting currency (null line when a rate is missing).</param>
/// <param name="Members">Each member's own lines, the head first, then the subsidiaries level by level.</param>
public sealed record CustomerGroupAgedBalanceResponse(
    Guid CustomerId, string Reference, string Name, DateOnly AsOf, string Basis, int MemberCount, IReadOnlyList<AgingBucketDefinition> BucketDefinitions,
    IReadOnlyList<AgedLine> Totals, ConvertedTotal ReportingCurrencyTotal, PagedResult<CustomerAgedBalance> Members);

internal sealed record GetCustomerGroupAgedBalanceQuery(Guid CustomerId, DateOnly? AsOf, string? Basis, PageQuery Page) : IQuery<CustomerGroupAgedBalanceResponse>;

internal sealed class GetCustomerGroupAgedBalanceValidator : AbstractValidator<GetCustomerGroupAgedBalanceQuery>
{
    public GetCustomerGroupAgedBalanceValidator()
    {
        RuleFor(q => q.AsOf).NotNull().WithMessage("asOf (YYYY-MM-DD) is required.");
        RuleFor(q => q.Basis).Must(b => b is null or "dueDate" or "invoiceDate").WithMessage("basis is dueDate or invoiceDate.");
    }
}

internal sealed class GetCustomerGroupAgedBalanceHandler(ReceivablesDbContext db, LedgerReader ledger, AgedBalanceAggregator aggregator, RequestContext requestContext)
    : IRequestHandler<GetCustomerGroupAgedBalanceQuery, CustomerGroupAgedBalanceResponse>
{
    public async Task<CustomerGroupAgedBalanceResponse> Handle(GetCustomerGroupAgedBalanceQuery query, CancellationToken cancellationToken)
    {
        query.Page.Validate();
        var asOf = query.AsOf!.Value;
        var basis = query.Basis ?? "dueDate";
        var settings = await db.Settings.AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Receivables settings of company", requestContext.CompanyId);
        var limits = settings.AgingBucketLimits;
        var members = await CustomerGroups.MembersAsync(db, query.CustomerId, cancellationToken);
        var ids = members.Select(m => m.Id).ToList();
        var sums = await aggregator.SumAsync(aggregator.OpenRows(asOf, basis == "dueDate", null, null, ids), asOf, limits, perCustomer: true, cancellationToken);
        var perMember = sums.ToLookup(s => s.CustomerId);
        var page = members.Skip((query.Page.Number - 1) * query.Page.Size).Take(query.Page.Size)
            .Select(m => new CustomerAgedBalance(m.Id, m.Reference, m.Name, GetAgedBalanceHandler.Lines(perMember[m.Id], limits)))
            .ToList();
        var head = members[0];
        return new CustomerGroupAgedBalanceResponse(
            head.Id, head.Reference, head.Name, asOf, basis, members.Count, GetAgedBalanceHandler.Definitions(limits), GetAgedBalanceHandler.Lines(sums, limits),
            await GetAgedBalanceHandler.ConvertAsync(ledger, sums, settings.ReportingCurrency, asOf, limits, cancellationToken),
            new PagedResult<CustomerAgedBalance>(page, query.Page.Number, query.Page.Size, members.Count));
    }
}

internal static class GetCustomerGroupAgedBalanceEndpoint
{
    public static void MapGetCustomerGroupAgedBalance(this RouteGroupBuilder receivables) =>
        receivables.MapGet("customers/{customerId:guid}/group/aged-balance",
                (Guid customerId, DateOnly? asOf, string? basis, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new GetCustomerGroupAgedBalanceQuery(customerId, asOf, basis, page), cancellationToken))
            .WithName("GetCustomerGroupAgedBalance")
            .WithSummary("The aged balance of a customer and all its subsidiaries consolidated, per currency and converted, with each member's lines (paged).")
            .ProducesValidationProblem();
}
