using Etrepaye.Disputes.Contracts;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Disputes.Support;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.RejectDispute;

public sealed record CloseDisputeRequest(string? Comment, long? Version);

/// <param name="Cancelled">Cancelled (withdrawn, opened by mistake) rather than rejected: the amount returns to collection either way.</param>
internal sealed record RejectDisputeCommand(Guid DisputeId, string Comment, long? Version, bool Cancelled = false) : ICommand<DisputeResponse>;

internal sealed class RejectDisputeValidator : AbstractValidator<RejectDisputeCommand>
{
    public RejectDisputeValidator() => RuleFor(c => c.Comment).NotEmpty().WithMessage("Say why (comment).").MaximumLength(4000);
}

internal sealed class RejectDisputeHandler(DisputesDbContext db, CompanyCalendar calendar, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<RejectDisputeCommand, DisputeResponse>
{
    public async Task<DisputeResponse> Handle(RejectDisputeCommand command, CancellationToken cancellationToken)
    {
        var dispute = await DisputeRules.LoadAsync(db, command.DisputeId, command.Version, cancellationToken);
        DisputeRules.EnsureNotClosed(dispute, command.Cancelled ? "be cancelled" : "be rejected");
        var lines = await db.Lines.Where(l => l.DisputeId == dispute.Id).ToListAsync(cancellationToken);
        var (today, _) = await calendar.ForAsync(requestContext.CompanyId, cancellationToken);
        dispute.Status = command.Cancelled ? DisputeStatus.Cancelled : DisputeStatus.Rejected;
        dispute.Outcome = command.Cancelled ? DisputeOutcome.Cancelled : DisputeOutcome.Rejected;
        dispute.ClosedOn = today;
        dispute.ResolutionComment = command.Comment.Trim();
        dispute.DecidedBy = requestContext.ActorName;
        DisputeRules.AddNote(
            db, dispute, DisputeNoteKind.Resolution, requestContext.ActorName,
            $"{dispute.Status}: {dispute.Amount} {dispute.Currency} returned to collection. {dispute.ResolutionComment}", timeProvider);
        db.Publish(new DisputeRejected(
            dispute.CompanyId, dispute.CustomerId, dispute.Id, [.. lines.Select(l => new DisputedInvoice(l.InvoiceId, new Money(l.Amount, dispute.Currency)))], today));
        await db.SaveChangesAsync(cancellationToken);
        return DisputeResponse.From(dispute, lines);
    }
}

internal static class RejectDisputeEndpoint
{
    public static void MapRejectDispute(this RouteGroupBuilder disputes) =>
        disputes.MapPost("{disputeId:guid}/reject", (Guid disputeId, CloseDisputeRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new RejectDisputeCommand(disputeId, r.Comment ?? "", r.Version), cancellationToken))
            .WithName("RejectDispute")
            .WithSummary("Rejects a dispute: its whole amount returns to collection (DisputeRejected). The caller is recorded as the decider.")
            .RequireCompanyRoles(DisputesModule.DeciderRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
