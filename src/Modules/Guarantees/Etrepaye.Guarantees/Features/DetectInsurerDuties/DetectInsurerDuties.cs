using Etrepaye.Access.Contracts;
using Etrepaye.Guarantees.Checks;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.DetectInsurerDuties;

/// <summary>
/// An invoice of an insured buyer became overdue: when the policy's maximum extension is already exceeded (a short or zero
/// extension), the declaration duty is created at once; otherwise the daily check creates it the day the extension runs out.
/// </summary>
internal sealed class DeclareOverdueOfInsuredBuyerHandler(GuaranteesDbContext db, ICompanyClock companyDay, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<InvoiceBecameOverdue, GuaranteesDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(InvoiceBecameOverdue integrationEvent, CancellationToken cancellationToken)
    {
        var today = await companyDay.TodayAsync(integrationEvent.CompanyId, cancellationToken);
        var invoice = new OverdueInvoice(
            integrationEvent.CustomerId, integrationEvent.InvoiceId, integrationEvent.Reference, integrationEvent.OpenAmount.Amount,
            integrationEvent.OpenAmount.Currency, integrationEvent.DueDate);
        foreach (var (policy, _) in await InsurerDuties.InsuredAsync(Db, integrationEvent.CustomerId, today, cancellationToken))
        {
            await InsurerDuties.EnsureDeclarationAsync(Db, companyDay.Time, policy, invoice, today, cancellationToken);
        }
    }
}

/// <summary>An invoice was settled: the open duties about it (a declaration not yet made, a claim not yet filed) are no longer owed.</summary>
internal sealed class CancelDutiesOfSettledInvoiceHandler(GuaranteesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<InvoiceSettled, GuaranteesDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(InvoiceSettled integrationEvent, CancellationToken cancellationToken)
    {
        var open = await Db.Duties.Where(d => d.InvoiceId == integrationEvent.InvoiceId && d.Status == InsurerDutyStatus.Open).ToListAsync(cancellationToken);
        foreach (var duty in open)
        {
            duty.Status = InsurerDutyStatus.Cancelled;
            duty.CompletedOn = integrationEvent.SettledOn;
            duty.CompletedBy = "system:invoice-settled";
            duty.Note = $"Invoice {integrationEvent.Reference} was settled on {integrationEvent.SettledOn:yyyy-MM-dd}.";
        }
    }
}
