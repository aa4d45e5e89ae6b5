using Etrepaye.Access.Contracts;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Receivables.Features.GetCustomerStatement;
using Etrepaye.Receivables.Features.GetCustomerStatementPdf;
using Etrepaye.Shared.Errors;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Ledger;

/// <summary>The customer's contacts and statement for the modules that write to customers (collection).</summary>
internal sealed class CustomerDocuments(ReceivablesDbContext db, LedgerReader ledger, ICompanyClock clock) : ICustomerDocuments
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

    public async Task<IReadOnlyList<StatementFileDto>> RenderStatementPdfsAsync(IReadOnlyList<StatementPdfRequest> requests, CancellationToken cancellationToken)
    {
        if (requests.Count == 0)
        {
            return [];
        }

        var ids = requests.Select(r => r.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var id in ids.Where(id => !customers.ContainsKey(id)))
        {
            throw new NotFoundException("Customer", id);
        }

        // One replay per date: a batch's reminders share one (the company's today), unless a case is dated later.
        var items = new Dictionary<DateOnly, ILookup<Guid, OpenItem>>();
        foreach (var date in requests.GroupBy(r => r.AsOf))
        {
            items[date.Key] = (await ledger.OpenItemsOfCustomersAsync(date.Key, [.. date.Select(r => r.CustomerId).Distinct()], cancellationToken))
                .ToLookup(i => i.CustomerId);
        }

        var printedOn = await clock.TodayAsync(db.CurrentCompanyId, cancellationToken);
        return [.. requests.Select(r =>
        {
            var statement = GetCustomerStatementHandler.Statement(customers[r.CustomerId], items[r.AsOf][r.CustomerId], r.AsOf);
            var pdf = GetCustomerStatementPdfHandler.Render(statement, r.Language is "fr" or "en" ? r.Language : null, printedOn);
            return new StatementFileDto(pdf.FileName, "application/pdf", pdf.Content);
        })];
    }

    private static CustomerContactDetailsDto Details(Customer customer, IEnumerable<CustomerContact> contacts) =>
        new(
            customer.Id, customer.Reference, customer.Name, customer.Language, customer.Country, customer.AccountManager,
            [.. contacts.OrderBy(c => c.Role).ThenBy(c => c.Name).Select(c => new CustomerContactDto(c.Name, c.Role.ToString(), c.Email, c.Phone, c.PreferredChannel.ToString()))]);
}
