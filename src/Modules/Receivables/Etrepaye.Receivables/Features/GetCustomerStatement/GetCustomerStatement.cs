using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Ledger;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.GetCustomerStatement;

/// <param name="Items">The items open on the date, oldest due first (credits: what is unapplied).</param>
/// <param name="Balances">Per currency, never summed across currencies.</param>
public sealed record CustomerStatementResponse(
    Guid CustomerId, string Reference, string Name, string? LegalEntityCode, DateOnly AsOf, IReadOnlyList<OpenItemDto> Items, IReadOnlyList<CurrencyBalanceDto> Balances);

internal sealed record GetCustomerStatementQuery(Guid CustomerId, DateOnly? AsOf) : IQuery<CustomerStatementResponse>;

internal sealed class GetCustomerStatementValidator : AbstractValidator<GetCustomerStatementQuery>
{
    public GetCustomerStatementValidator() => RuleFor(q => q.AsOf).NotNull().WithMessage("asOf (YYYY-MM-DD) is required.");
}

internal sealed class GetCustomerStatementHandler(ReceivablesDbContext db, LedgerReader ledger) : IRequestHandler<GetCustomerStatementQuery, CustomerStatementResponse>
{
    public async Task<CustomerStatementResponse> Handle(GetCustomerStatementQuery query, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.CustomerId, cancellationToken)
            ?? throw new NotFoundException("Customer", query.CustomerId);
        var asOf = query.AsOf!.Value;
        var items = await ledger.OpenItemsAsync(asOf, customer.Id, null, null, cancellationToken);
        return new CustomerStatementResponse(
            customer.Id, customer.Reference, customer.Name, customer.LegalEntityCode, asOf,
            items.OrderBy(i => i.EffectiveDueDate).ThenBy(i => i.Reference, StringComparer.Ordinal).Select(i => ReceivablesQueries.ToDto(i, asOf)).ToList(),
            ReceivablesQueries.Balances(items, asOf));
    }
}

internal static class GetCustomerStatementEndpoint
{
    public static void MapGetCustomerStatement(this RouteGroupBuilder receivables) =>
        receivables.MapGet("customers/{customerId:guid}/statement", (Guid customerId, DateOnly? asOf, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetCustomerStatementQuery(customerId, asOf), cancellationToken))
            .WithName("GetCustomerStatement")
            .WithSummary("A customer's statement: its open items and balances per currency as of a date (JSON; a PDF is to come).")
            .ProducesValidationProblem();
}
