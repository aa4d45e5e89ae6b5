using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Disputes.Contracts;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Cases;

/// <summary>
/// The daily run delivers a day's overdue events as a batch: their customers' cases are refreshed or opened together, in one
/// transaction (a failed batch is delivered again event by event, so one customer's failure does not hold back the others).
/// </summary>
internal sealed class OpenCaseOnInvoiceBecameOverdue(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider, CaseMaintenance cases)
    : IntegrationEventHandler<InvoiceBecameOverdue, CollectionDbContext>(db, requestContext, timeProvider), IIntegrationEventBatchHandler<InvoiceBecameOverdue>
{
    protected override Task HandleAsync(InvoiceBecameOverdue e, CancellationToken cancellationToken) =>
        cases.RefreshAsync(e.CustomerId, e.DueDate.AddDays(1), openIfOverdue: true, cancellationToken);

    protected override Task HandleManyAsync(IReadOnlyList<InvoiceBecameOverdue> integrationEvents, CancellationToken cancellationToken) =>
        cases.RefreshManyAsync([.. integrationEvents.Select(e => (e.CustomerId, e.DueDate.AddDays(1)))], openIfOverdue: true, cancellationToken);
}

internal sealed class OpenCaseOnInvoiceReopened(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider, CaseMaintenance cases)
    : IntegrationEventHandler<InvoiceReopened, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override Task HandleAsync(InvoiceReopened e, CancellationToken cancellationToken) =>
        cases.RefreshAsync(e.CustomerId, e.ReopenedOn, openIfOverdue: true, cancellationToken);
}

internal sealed class RefreshCaseOnInvoiceSettled(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider, CaseMaintenance cases)
    : IntegrationEventHandler<InvoiceSettled, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override Task HandleAsync(InvoiceSettled e, CancellationToken cancellationToken) =>
        cases.RefreshAsync(e.CustomerId, e.SettledOn, openIfOverdue: false, cancellationToken);
}

internal sealed class RefreshCaseOnCreditNoteIssued(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider, CaseMaintenance cases)
    : IntegrationEventHandler<CreditNoteIssued, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override Task HandleAsync(CreditNoteIssued e, CancellationToken cancellationToken) =>
        cases.RefreshAsync(e.CustomerId, e.IssueDate, openIfOverdue: false, cancellationToken);
}

/// <summary>A payment refreshes the case and counts towards the customer's pending promises and payment plans in its currency.</summary>
internal sealed class TrackPaymentReceived(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider, CaseMaintenance cases)
    : IntegrationEventHandler<PaymentReceived, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(PaymentReceived e, CancellationToken cancellationToken)
    {
        await cases.RefreshAsync(e.CustomerId, e.ReceivedOn, openIfOverdue: false, cancellationToken);
        var promises = await Db.Promises
            .Where(p => p.CustomerId == e.CustomerId && p.Status == PromiseStatus.Pending && p.Currency == e.Amount.Currency && p.RecordedOn <= e.ReceivedOn)
            .ToListAsync(cancellationToken);
        foreach (var promise in promises)
        {
            promise.Received += e.Amount.Amount;
            if (promise.Received >= promise.Amount)
            {
                promise.Status = PromiseStatus.Kept;
                promise.ResolvedOn = e.ReceivedOn;
                Db.Publish(new PromiseKept(promise.CompanyId, promise.CustomerId, promise.CaseId, promise.Id, e.ReceivedOn));
            }
        }

        var plans = await Db.PaymentPlans.Where(p => p.CustomerId == e.CustomerId && p.Status == "Active" && p.Currency == e.Amount.Currency).ToListAsync(cancellationToken);
        foreach (var plan in plans)
        {
            plan.Received += e.Amount.Amount;
            var instalments = await Db.Instalments.Where(i => i.PlanId == plan.Id).OrderBy(i => i.Number).ToListAsync(cancellationToken);
            var cumulative = 0m;
            foreach (var instalment in instalments)
            {
                cumulative += instalment.Amount;
                if (cumulative <= plan.Received && instalment.Status != "Paid")
                {
                    instalment.Status = "Paid";
                }
            }

            if (plan.Received >= plan.Total)
            {
                plan.Status = "Completed";
            }
        }
    }
}

internal sealed class CloseCaseOnCustomerAccountSettled(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider, CaseMaintenance cases)
    : IntegrationEventHandler<CustomerAccountSettled, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(CustomerAccountSettled e, CancellationToken cancellationToken)
    {
        var collectionCase = await cases.RefreshAsync(e.CustomerId, e.On, openIfOverdue: false, cancellationToken);
        if (collectionCase is null || collectionCase.OverdueItemCount > 0)
        {
            return;
        }

        collectionCase.Status = CaseStatus.Closed;
        collectionCase.ClosedOn = e.On;
        collectionCase.CloseReason = "Settled";
        Db.Publish(new CollectionCaseClosed(collectionCase.CompanyId, collectionCase.CustomerId, collectionCase.Id, e.On, "Settled"));
    }
}

internal sealed class RefreshCaseOnDisputeOpened(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider, CaseMaintenance cases)
    : IntegrationEventHandler<DisputeOpened, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override Task HandleAsync(DisputeOpened e, CancellationToken cancellationToken) =>
        cases.RefreshAsync(e.CustomerId, e.OpenedOn, openIfOverdue: false, cancellationToken);
}

internal sealed class RefreshCaseOnDisputeResolved(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider, CaseMaintenance cases)
    : IntegrationEventHandler<DisputeResolved, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override Task HandleAsync(DisputeResolved e, CancellationToken cancellationToken) =>
        cases.RefreshAsync(e.CustomerId, e.ResolvedOn, openIfOverdue: true, cancellationToken);
}

internal sealed class RefreshCaseOnDisputeRejected(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider, CaseMaintenance cases)
    : IntegrationEventHandler<DisputeRejected, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override Task HandleAsync(DisputeRejected e, CancellationToken cancellationToken) =>
        cases.RefreshAsync(e.CustomerId, e.RejectedOn, openIfOverdue: true, cancellationToken);
}

/// <summary>While an agency holds the case, the company sends nothing for it (checked when each message goes out).</summary>
internal sealed class MarkCaseHandedOverToAgency(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<CaseHandedOverToAgency, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(CaseHandedOverToAgency e, CancellationToken cancellationToken)
    {
        var collectionCase = await Db.Cases.SingleOrDefaultAsync(c => c.Id == e.CaseId, cancellationToken);
        if (collectionCase is { Status: CaseStatus.Open })
        {
            collectionCase.Status = CaseStatus.WithAgency;
            collectionCase.AgencyId = e.AgencyId;
        }
    }
}

internal sealed class MarkCaseReturnedFromAgency(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<CaseReturnedFromAgency, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(CaseReturnedFromAgency e, CancellationToken cancellationToken)
    {
        var collectionCase = await Db.Cases.SingleOrDefaultAsync(c => c.Id == e.CaseId, cancellationToken);
        if (collectionCase is { Status: CaseStatus.WithAgency } && collectionCase.AgencyId == e.AgencyId)
        {
            collectionCase.Status = CaseStatus.Open;
            collectionCase.AgencyId = null;
        }
    }
}
