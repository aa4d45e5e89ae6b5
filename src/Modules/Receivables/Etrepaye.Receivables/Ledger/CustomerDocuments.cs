using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Receivables.Features.GetCustomerStatementPdf;
using Etrepaye.Shared.Errors;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Ledger;

/// <summary>The customer's contacts and statement for the modules that write to customers (collection).</summary>
internal sealed class CustomerDocuments(ReceivablesDbContext db, IMediator mediator) : ICustomerDocuments
{
    public async Task<CustomerContactDetailsDto?> GetContactDetailsAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken);
        if (customer is null)
        {
            return null;
        }

        var contacts = await db.CustomerContacts.AsNoTracking().Where(c => c.CustomerId == customerId).ToListAsync(cancellationToken);
        return Details(customer, contacts);
    }

    public async Task<IReadOnlyDictionary<Guid, CustomerContactDetailsDto>> GetContactDetailsOfCustomersAsync(
        IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken)
    {
        var ids = customerIds.Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        var contacts = (await db.CustomerContacts.AsNoTracking().Where(c => ids.Contains(c.CustomerId)).ToListAsync(cancellationToken)).ToLookup(c => c.CustomerId);
        return customers.ToDictionary(c => c.Id, c => Details(c, contacts[c.Id]));
    }

    public async Task<StatementFileDto> RenderStatementPdfAsync(Guid customerId, DateOnly asOf, string? language, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            throw new NotFoundException("Customer", customerId);
        }

        var pdf = await mediator.Send(new GetCustomerStatementPdfQuery(customerId, asOf, language is "fr" or "en" ? language : null), cancellationToken);
        return new StatementFileDto(pdf.FileName, "application/pdf", pdf.Content);
    }

    private static CustomerContactDetailsDto Details(Customer customer, IEnumerable<CustomerContact> contacts) =>
        new(
            customer.Id, customer.Reference, customer.Name, customer.Language, customer.Country, customer.AccountManager,
            [.. contacts.OrderBy(c => c.Role).ThenBy(c => c.Name).Select(c => new CustomerContactDto(c.Name, c.Role.ToString(), c.Email, c.Phone, c.PreferredChannel.ToString()))]);
}
