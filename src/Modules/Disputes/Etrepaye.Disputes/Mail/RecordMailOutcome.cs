using Etrepaye.Collection.Contracts;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Disputes.Features;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Mail;

/// <summary>
/// The mailer's word on an internal request's e-mail: Sent (with when) or Failed, the failure also written in the dispute's
/// timeline so the credit team sees that the department was not reached. Other modules' keys are not this module's business.
/// </summary>
internal sealed class RecordMailOutcomeHandler(DisputesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<InternalEmailDelivered, DisputesDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(InternalEmailDelivered delivered, CancellationToken cancellationToken)
    {
        if (!delivered.Key.StartsWith(InternalRequestMail.KeyPrefix, StringComparison.Ordinal)
            || !Guid.TryParse(delivered.Key.AsSpan(InternalRequestMail.KeyPrefix.Length), out var requestId))
        {
            return;
        }

        var request = await Db.InternalRequests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return;
        }

        var sent = string.Equals(delivered.Status, "Sent", StringComparison.OrdinalIgnoreCase);
        request.MailStatus = sent ? "Sent" : "Failed";
        request.MailSentAt = sent ? delivered.At : null;
        if (!sent)
        {
            var dispute = await Db.Disputes.SingleAsync(d => d.Id == request.DisputeId, cancellationToken);
            DisputeRules.AddNote(
                Db, dispute, DisputeNoteKind.StatusChange, $"system:{nameof(InternalEmailDelivered)}",
                $"The e-mail to {request.RecipientEmail} could not be sent: {delivered.Error ?? "no reason given"}.", Clock);
        }
    }

    private TimeProvider Clock { get; } = timeProvider;
}
