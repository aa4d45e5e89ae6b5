using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
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

/// <param name="Language">The customer's language, if known (the PDF statement's default).</param>
/// <param name="Items">The items open on the date, oldest due first (credits: what is unapplied).</param>
/// <param name="Balances">Per currency, never summed across currencies.</param>
public sealed record CustomerStatementResponse(
    Guid CustomerId, string Reference, string Name, string? LegalEntityCode, string? Language, DateOnly AsOf, IReadOnlyList<OpenItemDto> Items,
    IReadOnlyList<CurrencyBalanceDto> Balances);

internal sealed record GetCustomerStatementQuery(Guid CustomerId, DateOnly? AsOf) : IQuery<CustomerStatementResponse>;

internal sealed class GetCustomerStatementValidator : AbstractValidator<GetCustomerStatementQuery>
{
    public GetCustomerStatementValidator() => RuleFor(q => q.AsOf).NotNull().WithMessage("asOf (YYYY-MM-DD) is required.");
}

internal sealed class GetCustomerStatementHandler(ReceivablesDbContext db, LedgerReader ledger) : IRequestHandler<GetCustomerStatementQuery, CustomerStatementResponse>
{
    public Task<CustomerStatementResponse> Handle(GetCustomerStatementQuery query, CancellationToken cancellationToken) =>
        LoadAsync(db, ledger, query.CustomerId, query.AsOf!.Value, cancellationToken);

    internal static async Task<CustomerStatementResponse> LoadAsync(
        ReceivablesDbContext db, LedgerReader ledger, Guid customerId, DateOnly asOf, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken)
            ?? throw new NotFoundException("Customer", customerId);
        var items = await ledger.OpenItemsAsync(asOf, customer.Id, null, null, cancellationToken);
        return Statement(customer, items, asOf);
    }

    /// <summary>The statement of a customer from its items open on the date (read for it alone, or with other customers').</summary>
    internal static CustomerStatementResponse Statement(Customer customer, IEnumerable<OpenItem> openItems, DateOnly asOf)
    {
        var items = openItems.ToList();
        return new CustomerStatementResponse(
            customer.Id, customer.Reference, customer.Name, customer.LegalEntityCode, customer.Language, asOf,
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
            .WithSummary("A customer's statement: its open items and balances per currency as of a date (JSON; the same as a PDF at statement.pdf).")
            .ProducesValidationProblem();
}
