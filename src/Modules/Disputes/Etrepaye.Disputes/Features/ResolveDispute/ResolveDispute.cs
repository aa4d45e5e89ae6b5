using Etrepaye.Disputes.Contracts;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Disputes.Support;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.ResolveDispute;

public sealed record AcceptedInvoiceRequest(Guid InvoiceId, decimal Amount);

/// <param name="Outcome">CreditNoteExpected (the whole disputed amount is accepted unless <paramref name="Accepted"/> says less) or PartiallyAccepted.</param>
/// <param name="Accepted">Per invoice, the amount accepted (a credit note is expected for it); the rest returns to collection.</param>
/// <param name="CreditNoteReference">The credit note's number when known: the credit note with this number settles the dispute.</param>
public sealed record ResolveDisputeRequest(string? Outcome, IReadOnlyList<AcceptedInvoiceRequest>? Accepted, string? Comment, string? CreditNoteReference, long? Version);

internal sealed record ResolveDisputeCommand(
    Guid DisputeId, string Outcome, IReadOnlyList<AcceptedInvoiceRequest>? Accepted, string Comment, string? CreditNoteReference, long? Version) : ICommand<DisputeResponse>;

internal sealed class ResolveDisputeValidator : AbstractValidator<ResolveDisputeCommand>
{
    public ResolveDisputeValidator()
    {
        RuleFor(c => c.Outcome).Must(o => o is nameof(DisputeOutcome.CreditNoteExpected) or nameof(DisputeOutcome.PartiallyAccepted))
            .WithMessage("outcome is CreditNoteExpected or PartiallyAccepted; use /reject to reject a dispute.");
        RuleFor(c => c.Accepted).NotEmpty().When(c => c.Outcome == nameof(DisputeOutcome.PartiallyAccepted))
            .WithMessage("A partial acceptance says the amount accepted per invoice.");
        RuleForEach(c => c.Accepted).ChildRules(a =>
        {
            a.RuleFor(x => x.InvoiceId).NotEmpty();
            a.RuleFor(x => x.Amount).GreaterThanOrEqualTo(0m).WithMessage("The accepted amount must not be negative.");
        });
        RuleFor(c => c.Comment).NotEmpty().WithMessage("A resolution says why (comment).").MaximumLength(4000);
        RuleFor(c => c.CreditNoteReference).MaximumLength(100);
    }
}

internal sealed class ResolveDisputeHandler(DisputesDbContext db, CompanyCalendar calendar, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<ResolveDisputeCommand, DisputeResponse>
{
    public async Task<DisputeResponse> Handle(ResolveDisputeCommand command, CancellationToken cancellationToken)
    {
        var dispute = await DisputeRules.LoadAsync(db, command.DisputeId, command.Version, cancellationToken);
        DisputeRules.EnsureNotClosed(dispute, "be resolved");
        var lines = await db.Lines.Where(l => l.DisputeId == dispute.Id).ToListAsync(cancellationToken);
        var accepted = command.Accepted ?? [];
        for (var index = 0; index < accepted.Count; index++)
        {
            var line = lines.SingleOrDefault(l => l.InvoiceId == accepted[index].InvoiceId)
                ?? throw new BusinessRuleException("invoice-not-disputed", $"Invoice {accepted[index].InvoiceId} is not part of dispute {dispute.Reference}.", $"accepted[{index}].invoiceId");
            if (accepted[index].Amount > line.Amount)
            {
                throw new BusinessRuleException(
                    "accepted-exceeds-disputed", $"Invoice {line.InvoiceReference} is disputed for {line.Amount}: no more can be accepted.", $"accepted[{index}].amount");
            }
        }

        var outcome = Enum.Parse<DisputeOutcome>(command.Outcome);
        foreach (var line in lines)
        {
            line.AcceptedAmount = accepted.FirstOrDefault(a => a.InvoiceId == line.InvoiceId)?.Amount
                ?? (outcome == DisputeOutcome.CreditNoteExpected && accepted.Count == 0 ? line.Amount : 0m);
        }

        var total = lines.Sum(l => l.AcceptedAmount);
        if (total == 0m)
        {
            throw new BusinessRuleException("nothing-accepted", "Nothing is accepted: reject the dispute instead.", "accepted");
        }

        if (outcome == DisputeOutcome.PartiallyAccepted && total == dispute.Amount)
        {
            throw new BusinessRuleException("all-accepted", "The whole disputed amount is accepted: resolve with CreditNoteExpected.", "accepted");
        }

        var (today, _) = await calendar.ForAsync(requestContext.CompanyId, cancellationToken);
        dispute.Status = DisputeStatus.Resolved;
        dispute.Outcome = total == dispute.Amount ? DisputeOutcome.CreditNoteExpected : DisputeOutcome.PartiallyAccepted;
        dispute.AcceptedAmount = total;
        dispute.ClosedOn = today;
        dispute.ResolutionComment = command.Comment.Trim();
        dispute.DecidedBy = requestContext.ActorName;
        dispute.ExpectedCreditNoteReference = string.IsNullOrWhiteSpace(command.CreditNoteReference) ? null : command.CreditNoteReference.Trim();
        DisputeRules.AddNote(
            db, dispute, DisputeNoteKind.Resolution, requestContext.ActorName,
            $"{dispute.Outcome}: {total} {dispute.Currency} accepted, {dispute.Amount - total} returned to collection. {dispute.ResolutionComment}", timeProvider);
        db.Publish(new DisputeResolved(
            dispute.CompanyId, dispute.CustomerId, dispute.Id, dispute.Outcome.ToString()!,
            [.. lines.Where(l => l.AcceptedAmount > 0m).Select(l => new DisputedInvoice(l.InvoiceId, new Money(l.AcceptedAmount, dispute.Currency)))],
            [.. lines.Where(l => l.Amount > l.AcceptedAmount).Select(l => new DisputedInvoice(l.InvoiceId, new Money(l.Amount - l.AcceptedAmount, dispute.Currency)))],
            today));
        await db.SaveChangesAsync(cancellationToken);
        return DisputeResponse.From(dispute, lines);
    }
}

internal static class ResolveDisputeEndpoint
{
    public static void MapResolveDispute(this RouteGroupBuilder disputes) =>
        disputes.MapPost("{disputeId:guid}/resolve", (Guid disputeId, ResolveDisputeRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ResolveDisputeCommand(disputeId, r.Outcome ?? "", r.Accepted, r.Comment ?? "", r.CreditNoteReference, r.Version), cancellationToken))
            .WithName("ResolveDispute")
            .WithSummary(
                "Resolves a dispute in the customer's favour, fully (CreditNoteExpected) or partly (PartiallyAccepted): the accepted amount stays out of collection " +
                "until its credit note is recorded, the rest returns to collection. The caller is recorded as the decider.")
            .RequireCompanyRoles(DisputesModule.DeciderRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
