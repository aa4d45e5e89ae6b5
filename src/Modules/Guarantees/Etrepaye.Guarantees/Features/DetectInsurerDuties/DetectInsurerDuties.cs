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
/// The daily run's overdue events come as a batch: their buyers' policies and the duties already owed are read once for all, in one
/// transaction (a failed batch is delivered again event by event).
/// </summary>
internal sealed class DeclareOverdueOfInsuredBuyerHandler(GuaranteesDbContext db, ICompanyClock companyDay, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<InvoiceBecameOverdue, GuaranteesDbContext>(db, requestContext, timeProvider), IIntegrationEventBatchHandler<InvoiceBecameOverdue>
{
    protected override async Task HandleManyAsync(IReadOnlyList<InvoiceBecameOverdue> integrationEvents, CancellationToken cancellationToken)
    {
        var today = await companyDay.TodayAsync(integrationEvents[0].CompanyId, cancellationToken);
        var insured = (await InsurerDuties.InsuredAmongAsync(Db, [.. integrationEvents.Select(e => e.CustomerId).Distinct()], today, cancellationToken))
            .ToLookup(p => p.Limit.CustomerId);
        var candidates = integrationEvents
            .SelectMany(e => insured[e.CustomerId].Select(p => (p.Policy, new OverdueInvoice(
                e.CustomerId, e.InvoiceId, e.Reference, e.OpenAmount.Amount, e.OpenAmount.Currency, e.DueDate))))
            .ToList();
        await InsurerDuties.EnsureDeclarationsAsync(Db, companyDay.Time, candidates, today, cancellationToken);
    }

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
