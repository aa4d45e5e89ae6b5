using Etrepaye.Collection.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Features.Blocking;
using Etrepaye.CreditLimits.Requests;
using Etrepaye.Disputes.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Events;

/// <summary>
/// A payment incident from the Collection module: it is recorded (an input of the score) and opens an immediate review of the
/// customer's limit and of its group head's, when they have one and no review is pending. The review's procedure is started
/// by the module's worker once this transaction has committed.
/// </summary>
internal abstract class PaymentIncidentHandler<TEvent>(CreditLimitsDbContext db, CreditRequests requests, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<TEvent, CreditLimitsDbContext>(db, requestContext, timeProvider)
    where TEvent : IIntegrationEvent
{
    private readonly TimeProvider _clock = timeProvider;

    protected abstract (Guid CustomerId, IncidentKind Kind, DateOnly On, Guid SourceId, Money? Amount, string Description) Describe(TEvent integrationEvent);

    protected override async Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken)
    {
        var (customerId, kind, on, sourceId, amount, description) = Describe(integrationEvent);
        Db.Incidents.Add(new PaymentIncident
        {
            Id = Ids.New(_clock),
            CompanyId = integrationEvent.CompanyId,
            CustomerId = customerId,
            Kind = kind,
            OccurredOn = on,
            SourceId = sourceId,
            Amount = amount?.Amount,
            Currency = amount?.Currency,
        });
        if (kind == IncidentKind.Dispute)
        {
            return;
        }

        // Every limit on the customer's chain of parents covers it, so each is reviewed.
        var chain = await Db.Ancestors.Where(a => a.CustomerId == customerId).OrderBy(a => a.Depth).Select(a => a.AncestorId).ToListAsync(cancellationToken);
        foreach (var subject in chain.Prepend(customerId).Distinct())
        {
            await requests.OpenReviewAsync(subject, CreditRequestTrigger.PaymentIncident, $"{description} on {on:yyyy-MM-dd}", cancellationToken);
        }
    }
}

internal sealed class ReviewOnPromiseBroken(CreditLimitsDbContext db, CreditRequests requests, RequestContext requestContext, TimeProvider timeProvider)
    : PaymentIncidentHandler<PromiseBroken>(db, requests, requestContext, timeProvider)
{
    protected override (Guid, IncidentKind, DateOnly, Guid, Money?, string) Describe(PromiseBroken e) =>
        (e.CustomerId, IncidentKind.BrokenPromise, e.PromisedDate, e.PromiseId, e.Shortfall, $"Promise to pay broken (shortfall {e.Shortfall})");
}

internal sealed class ReviewOnFormalNoticeSent(CreditLimitsDbContext db, CreditRequests requests, RequestContext requestContext, TimeProvider timeProvider)
    : PaymentIncidentHandler<FormalNoticeSent>(db, requests, requestContext, timeProvider)
{
    protected override (Guid, IncidentKind, DateOnly, Guid, Money?, string) Describe(FormalNoticeSent e) =>
        (e.CustomerId, IncidentKind.FormalNotice, e.SentOn, e.MessageId, e.Principal, $"Formal notice sent (principal {e.Principal})");
}

internal sealed class ReviewOnCaseHandedOverToAgency(CreditLimitsDbContext db, CreditRequests requests, RequestContext requestContext, TimeProvider timeProvider)
    : PaymentIncidentHandler<CaseHandedOverToAgency>(db, requests, requestContext, timeProvider)
{
    protected override (Guid, IncidentKind, DateOnly, Guid, Money?, string) Describe(CaseHandedOverToAgency e) =>
        (e.CustomerId, IncidentKind.AgencyHandover, e.HandedOverOn, e.CaseId, e.Amount, $"Case handed over to a collection agency ({e.Amount})");
}

internal sealed class ReviewOnPaymentPlanInstalmentMissed(CreditLimitsDbContext db, CreditRequests requests, RequestContext requestContext, TimeProvider timeProvider)
    : PaymentIncidentHandler<PaymentPlanInstalmentMissed>(db, requests, requestContext, timeProvider)
{
    protected override (Guid, IncidentKind, DateOnly, Guid, Money?, string) Describe(PaymentPlanInstalmentMissed e) =>
        (e.CustomerId, IncidentKind.InstalmentMissed, e.DueDate, e.PlanId, e.Shortfall, $"Instalment {e.InstalmentNumber} of a payment plan missed");
}

/// <summary>A dispute is an input of the score (no review by itself).</summary>
internal sealed class RecordDisputeOpened(CreditLimitsDbContext db, CreditRequests requests, RequestContext requestContext, TimeProvider timeProvider)
    : PaymentIncidentHandler<DisputeOpened>(db, requests, requestContext, timeProvider)
{
    protected override (Guid, IncidentKind, DateOnly, Guid, Money?, string) Describe(DisputeOpened e) =>
        (e.CustomerId, IncidentKind.Dispute, e.OpenedOn, e.DisputeId, null, $"Dispute opened ({e.Reason})");
}

/// <summary>A procedure asked for the account to be blocked or unblocked.</summary>
internal sealed class BlockOnCustomerBlockRequested(CreditLimitsDbContext db, IMediator mediator, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<CustomerBlockRequested, CreditLimitsDbContext>(db, requestContext, timeProvider)
{
    protected override Task HandleAsync(CustomerBlockRequested e, CancellationToken cancellationToken) =>
        mediator.Send(new SetCustomerBlockCommand(e.CustomerId, true, Reason(e.Reason, e.CaseId)), cancellationToken);

    internal static string Reason(string reason, Guid? caseId)
    {
        var text = string.IsNullOrWhiteSpace(reason) ? "Requested by a procedure" : reason.Trim();
        text = caseId is { } id ? $"{text} (collection case {id})" : text;
        return text.Length > 500 ? text[..500] : text;
    }
}

internal sealed class UnblockOnCustomerUnblockRequested(CreditLimitsDbContext db, IMediator mediator, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<CustomerUnblockRequested, CreditLimitsDbContext>(db, requestContext, timeProvider)
{
    protected override Task HandleAsync(CustomerUnblockRequested e, CancellationToken cancellationToken) =>
        mediator.Send(new SetCustomerBlockCommand(e.CustomerId, false, BlockOnCustomerBlockRequested.Reason(e.Reason, e.CaseId)), cancellationToken);
}
