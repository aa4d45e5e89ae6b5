using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.RecordDirectPayment;

/// <summary>
/// A payment the customer made to the company while an agency holds its case is reported to the agency: it shows in the
/// case's direct payments, and one in the case's currency lowers what the agency still pursues.
/// </summary>
internal sealed class RecordDirectPaymentHandler(CollectionDbContext db, ICompanyClock day, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<PaymentReceived, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(PaymentReceived payment, CancellationToken cancellationToken)
    {
        // A payment dated before the handover was the company's to book, not news for the agency.
        var held = await Db.AgencyCases
            .Where(c => c.CustomerId == payment.CustomerId && c.HeldCaseId != null && c.HandedOverOn <= payment.ReceivedOn)
            .ToListAsync(cancellationToken);
        foreach (var agencyCase in held)
        {
            if (await Db.AgencyDirectPayments.AnyAsync(p => p.AgencyCaseId == agencyCase.Id && p.PaymentId == payment.PaymentId, cancellationToken))
            {
                continue;
            }

            Db.AgencyDirectPayments.Add(new AgencyDirectPayment
            {
                Id = Ids.New(day.Time),
                CompanyId = payment.CompanyId,
                AgencyCaseId = agencyCase.Id,
                PaymentId = payment.PaymentId,
                Reference = payment.Reference,
                Amount = payment.Amount.Amount,
                Currency = payment.Amount.Currency,
                ReceivedOn = payment.ReceivedOn,
                RecordedAt = day.Time.GetUtcNow(),
            });
            if (payment.Amount.Currency == agencyCase.Currency)
            {
                agencyCase.DirectPaymentsAmount += payment.Amount.Amount;
            }
        }
    }
}
