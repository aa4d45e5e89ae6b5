using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Exposure;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.CreditLimits.Events;

/// <summary>Every ledger event of a customer reads its balance again, so that the order check reads one module's rows only.</summary>
internal abstract class RefreshExposureOn<TEvent>(CreditLimitsDbContext db, ExposureProjector projector, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<TEvent, CreditLimitsDbContext>(db, requestContext, timeProvider)
    where TEvent : Shared.Contracts.IIntegrationEvent
{
    protected ExposureProjector Projector => projector;

    protected abstract Guid CustomerOf(TEvent integrationEvent);

    protected override async Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken) =>
        await projector.RefreshAsync(CustomerOf(integrationEvent), cancellationToken);
}

internal sealed class RefreshOnInvoiceIssued(CreditLimitsDbContext db, ExposureProjector projector, RequestContext requestContext, TimeProvider timeProvider)
    : RefreshExposureOn<InvoiceIssued>(db, projector, requestContext, timeProvider)
{
    protected override Guid CustomerOf(InvoiceIssued integrationEvent) => integrationEvent.CustomerId;
}

/// <summary>The daily run's overdue customers are refreshed together, in one transaction (a failed batch is delivered again event by event).</summary>
internal sealed class RefreshOnInvoiceBecameOverdue(CreditLimitsDbContext db, ExposureProjector projector, RequestContext requestContext, TimeProvider timeProvider)
    : RefreshExposureOn<InvoiceBecameOverdue>(db, projector, requestContext, timeProvider), IIntegrationEventBatchHandler<InvoiceBecameOverdue>
{
    protected override Guid CustomerOf(InvoiceBecameOverdue integrationEvent) => integrationEvent.CustomerId;

    protected override Task HandleManyAsync(IReadOnlyList<InvoiceBecameOverdue> integrationEvents, CancellationToken cancellationToken) =>
        Projector.RefreshManyAsync([.. integrationEvents.Select(e => e.CustomerId).Distinct()], cancellationToken);
}

internal sealed class RefreshOnPaymentReceived(CreditLimitsDbContext db, ExposureProjector projector, RequestContext requestContext, TimeProvider timeProvider)
    : RefreshExposureOn<PaymentReceived>(db, projector, requestContext, timeProvider)
{
    protected override Guid CustomerOf(PaymentReceived integrationEvent) => integrationEvent.CustomerId;
}

internal sealed class RefreshOnInvoiceSettled(CreditLimitsDbContext db, ExposureProjector projector, RequestContext requestContext, TimeProvider timeProvider)
    : RefreshExposureOn<InvoiceSettled>(db, projector, requestContext, timeProvider)
{
    protected override Guid CustomerOf(InvoiceSettled integrationEvent) => integrationEvent.CustomerId;
}

internal sealed class RefreshOnCustomerAccountSettled(CreditLimitsDbContext db, ExposureProjector projector, RequestContext requestContext, TimeProvider timeProvider)
    : RefreshExposureOn<CustomerAccountSettled>(db, projector, requestContext, timeProvider)
{
    protected override Guid CustomerOf(CustomerAccountSettled integrationEvent) => integrationEvent.CustomerId;
}

internal sealed class RefreshOnCreditNoteIssued(CreditLimitsDbContext db, ExposureProjector projector, RequestContext requestContext, TimeProvider timeProvider)
    : RefreshExposureOn<CreditNoteIssued>(db, projector, requestContext, timeProvider)
{
    protected override Guid CustomerOf(CreditNoteIssued integrationEvent) => integrationEvent.CustomerId;
}

internal sealed class RefreshOnInvoiceReopened(CreditLimitsDbContext db, ExposureProjector projector, RequestContext requestContext, TimeProvider timeProvider)
    : RefreshExposureOn<InvoiceReopened>(db, projector, requestContext, timeProvider)
{
    protected override Guid CustomerOf(InvoiceReopened integrationEvent) => integrationEvent.CustomerId;
}

/// <summary>A customer moved in its group: its chain of parents, and those of its subsidiaries, are read again from the ledger.</summary>
internal sealed class RefreshOnCustomerParentChanged(CreditLimitsDbContext db, ExposureProjector projector, RequestContext requestContext, TimeProvider timeProvider)
    : RefreshExposureOn<CustomerParentChanged>(db, projector, requestContext, timeProvider)
{
    protected override Guid CustomerOf(CustomerParentChanged integrationEvent) => integrationEvent.CustomerId;
}
