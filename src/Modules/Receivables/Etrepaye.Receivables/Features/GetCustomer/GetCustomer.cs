using Etrepaye.Receivables.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.GetCustomer;

internal sealed record GetCustomerQuery(Guid CustomerId) : IQuery<CustomerResponse>;

internal sealed class GetCustomerHandler(ReceivablesDbContext db) : IRequestHandler<GetCustomerQuery, CustomerResponse>
{
    public async Task<CustomerResponse> Handle(GetCustomerQuery query, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.CustomerId, cancellationToken)
            ?? throw new NotFoundException("Customer", query.CustomerId);
        var contacts = await db.CustomerContacts.AsNoTracking().Where(c => c.CustomerId == customer.Id).ToListAsync(cancellationToken);
        return CustomerResponse.From(customer, contacts);
    }
}

internal static class GetCustomerEndpoint
{
    public static void MapGetCustomer(this RouteGroupBuilder receivables) =>
        receivables.MapGet("customers/{customerId:guid}", (Guid customerId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetCustomerQuery(customerId), cancellationToken))
            .WithName("GetCustomer")
            .WithSummary("A customer account with its contacts.");
}
