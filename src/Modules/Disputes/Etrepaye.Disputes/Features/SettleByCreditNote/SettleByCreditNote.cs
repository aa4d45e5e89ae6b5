using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.SettleByCreditNote;

/// <summary>
/// A credit note recorded or imported for a customer settles the resolved dispute that awaits it: first the one whose
/// resolution announced this credit note's number (whatever its amount), else the oldest resolved dispute of the customer
/// that announced no number and whose accepted amount equals the credit note's, in its currency. A credit note that matches
/// nothing leaves the disputes as they are.
/// </summary>
internal sealed class SettleByCreditNoteHandler(DisputesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<CreditNoteIssued, DisputesDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(CreditNoteIssued integrationEvent, CancellationToken cancellationToken)
    {
        var awaiting = await Db.Disputes
            .Where(d => d.CustomerId == integrationEvent.CustomerId && d.Status == DisputeStatus.Resolved && d.SettledOn == null
                && d.Currency == integrationEvent.Amount.Currency)
            .ToListAsync(cancellationToken);
        var amount = Math.Abs(integrationEvent.Amount.Amount);
        var dispute = awaiting.FirstOrDefault(d => string.Equals(d.ExpectedCreditNoteReference, integrationEvent.Reference, StringComparison.OrdinalIgnoreCase))
            ?? awaiting.Where(d => d.ExpectedCreditNoteReference is null && d.AcceptedAmount == amount).OrderBy(d => d.ClosedOn).ThenBy(d => d.Number).FirstOrDefault();
        if (dispute is null)
        {
            return;
        }

        dispute.CreditNoteId = integrationEvent.CreditNoteId;
        dispute.SettledOn = integrationEvent.IssueDate;
        DisputeRules.AddNote(
            Db, dispute, DisputeNoteKind.Settlement, $"system:{nameof(CreditNoteIssued)}",
            $"Settled by credit note {integrationEvent.Reference} of {integrationEvent.Amount} (accepted: {dispute.AcceptedAmount} {dispute.Currency}).", TimeProvider);
    }

    private TimeProvider TimeProvider { get; } = timeProvider;
}
