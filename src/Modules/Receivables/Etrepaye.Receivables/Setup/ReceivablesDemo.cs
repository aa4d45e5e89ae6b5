using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Receivables.Features;
using Etrepaye.Receivables.Features.CreateCustomer;
using Etrepaye.Receivables.Features.RecordItem;
using Etrepaye.Receivables.Ledger;
using Etrepaye.Shared.Time;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Setup;

/// <summary>
/// The demo company's ledger: a few French customers with contacts and invoices dated from today, most of them overdue.
/// Written through the same use cases as the API; the overdue check then looks back to the oldest due date, so that the
/// usual <c>InvoiceBecameOverdue</c> events open the collection cases.
/// </summary>
internal sealed class ReceivablesDemo(ReceivablesDbContext db, IMediator mediator, OverdueChecker overdueChecker, TimeProvider timeProvider)
{
    private static readonly DemoCustomer[] _customers =
    [
        new("C-1001", "Boulangeries Martin SARL", "Sophie Martin", "Billing", "sophie.martin@boulangeries-martin.example", "+33 1 42 00 10 01",
            [("F-2026-0101", -45, 12_400m), ("F-2026-0132", -20, 3_150m)]),
        new("C-1002", "Transports Lefèvre SA", "Paul Lefèvre", "Accounting", "compta@transports-lefevre.example", "+33 4 72 00 20 02",
            [("F-2026-0107", -25, 8_900m), ("F-2026-0158", 10, 2_200m)]),
        new("C-1003", "Atelier Dubois", "Julie Dubois", "Billing", "julie@atelier-dubois.example", "+33 5 56 00 30 03",
            [("F-2026-0121", -12, 1_750m)]),
        new("C-1004", "Garage Moreau et Fils", "Marc Moreau", "Purchasing", "marc.moreau@garage-moreau.example", "+33 3 20 00 40 04",
            [("F-2026-0088", -70, 5_600m)]),
        new("C-1005", "Pharmacie du Centre", "Claire Petit", "Accounting", "contact@pharmacie-centre.example", "+33 2 99 00 50 05",
            [("F-2026-0170", 15, 980m)]),
    ];

    /// <summary>False while the company's ledger is not set up yet (its <c>CompanyCreated</c> is still on its way).</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            return false;
        }

        if (await db.Customers.AnyAsync(cancellationToken))
        {
            return true;
        }

        var today = BusinessDates.Today(timeProvider, settings.TimeZone);
        foreach (var customer in _customers)
        {
            var created = await mediator.Send(new CreateCustomerCommand(customer.Reference, new CustomerFields(
                customer.Name, null, null, null, "FR", "fr", "EUR", 30, "SME", null, null, null, null,
                [new ContactDto(customer.Contact, customer.ContactRole, customer.Email, customer.Phone, "Email")])), cancellationToken);
            foreach (var (reference, dueInDays, amount) in customer.Invoices)
            {
                var due = today.AddDays(dueInDays);
                await mediator.Send(new RecordItemCommand(ItemType.Invoice, created.Id, reference, "EUR", due.AddDays(-30), due, amount, false), cancellationToken);
            }
        }

        var oldestDue = today.AddDays(_customers.SelectMany(c => c.Invoices).Min(i => i.DueInDays));
        var check = await db.OverdueChecks.SingleOrDefaultAsync(cancellationToken);
        if (check is null)
        {
            db.OverdueChecks.Add(new OverdueCheck { CompanyId = settings.CompanyId, LastCheckedDate = oldestDue });
        }
        else
        {
            check.LastCheckedDate = oldestDue;
        }

        await db.SaveChangesAsync(cancellationToken);
        await overdueChecker.CheckAsync(cancellationToken);
        return true;
    }

    private sealed record DemoCustomer(
        string Reference, string Name, string Contact, string ContactRole, string Email, string Phone, (string Reference, int DueInDays, decimal Amount)[] Invoices);
}
