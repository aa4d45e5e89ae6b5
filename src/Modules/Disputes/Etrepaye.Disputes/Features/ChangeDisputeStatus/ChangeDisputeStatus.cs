using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Disputes.Features.ChangeDisputeStatus;

/// <param name="Status">Open, WaitingForCustomer or WaitingInternally (resolve, reject and cancel have their own endpoints).</param>
public sealed record ChangeDisputeStatusRequest(string? Status, string? Comment, long? Version);

internal sealed record ChangeDisputeStatusCommand(Guid DisputeId, string Status, string? Comment, long? Version) : ICommand<DisputeResponse>;

internal sealed class ChangeDisputeStatusValidator : AbstractValidator<ChangeDisputeStatusCommand>
{
    private static readonly string[] _allowed = [nameof(DisputeStatus.Open), nameof(DisputeStatus.WaitingForCustomer), nameof(DisputeStatus.WaitingInternally)];

    public ChangeDisputeStatusValidator()
    {
        RuleFor(c => c.Status).Must(s => _allowed.Contains(s, StringComparer.OrdinalIgnoreCase))
            .WithMessage("status is Open, WaitingForCustomer or WaitingInternally; use /resolve, /reject or /cancel to close a dispute.");
        RuleFor(c => c.Comment).MaximumLength(4000);
    }
}

internal sealed class ChangeDisputeStatusHandler(DisputesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<ChangeDisputeStatusCommand, DisputeResponse>
{
    public async Task<DisputeResponse> Handle(ChangeDisputeStatusCommand command, CancellationToken cancellationToken)
    {
        var dispute = await DisputeRules.LoadAsync(db, command.DisputeId, command.Version, cancellationToken);
        var status = Enum.Parse<DisputeStatus>(command.Status, true);
        DisputeRules.EnsureNotClosed(dispute, $"move to {status}");
        if (dispute.Status == status)
        {
            throw new ConflictException($"Dispute {dispute.Reference} is already {status}.");
        }

        DisputeRules.AddNote(
            db, dispute, DisputeNoteKind.StatusChange, requestContext.ActorName,
            $"{dispute.Status} → {status}." + (string.IsNullOrWhiteSpace(command.Comment) ? "" : $" {command.Comment.Trim()}"), timeProvider);
        dispute.Status = status;
        await db.SaveChangesAsync(cancellationToken);
        return await DisputeRules.ResponseAsync(db, dispute, cancellationToken);
    }
}

internal static class ChangeDisputeStatusEndpoint
{
    public static void MapChangeDisputeStatus(this RouteGroupBuilder disputes) =>
        disputes.MapPost("{disputeId:guid}/status", (Guid disputeId, ChangeDisputeStatusRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ChangeDisputeStatusCommand(disputeId, r.Status ?? "", r.Comment, r.Version), cancellationToken))
            .WithName("ChangeDisputeStatus")
            .WithSummary("Moves a dispute that is not closed between Open, WaitingForCustomer and WaitingInternally (409 for a closed dispute or the same status).")
            .RequireCompanyRoles(DisputesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
