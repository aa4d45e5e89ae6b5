using Etrepaye.Access.Contracts;
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

namespace Etrepaye.Disputes.Features.UpdateDispute;

/// <param name="OwnerEmail">A member who owns the dispute; empty clears it.</param>
/// <param name="PublicNote">What the customer reads in reminders; empty clears it.</param>
public sealed record UpdateDisputeRequest(string? Description, string? OwnerDepartment, string? OwnerEmail, string? PublicNote, long? Version);

internal sealed record UpdateDisputeCommand(Guid DisputeId, string? Description, string? OwnerDepartment, string? OwnerEmail, string? PublicNote, long? Version)
    : ICommand<DisputeResponse>;

internal sealed class UpdateDisputeValidator : AbstractValidator<UpdateDisputeCommand>
{
    public UpdateDisputeValidator()
    {
        RuleFor(c => c.Description).NotEmpty().MaximumLength(4000).When(c => c.Description is not null);
        RuleFor(c => c.OwnerDepartment).NotEmpty().MaximumLength(40).When(c => c.OwnerDepartment is not null);
        RuleFor(c => c.OwnerEmail).EmailAddress().MaximumLength(256).When(c => !string.IsNullOrEmpty(c.OwnerEmail));
        RuleFor(c => c.PublicNote).MaximumLength(2000);
    }
}

internal sealed class UpdateDisputeHandler(DisputesDbContext db, ICompanyMembers members, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<UpdateDisputeCommand, DisputeResponse>
{
    public async Task<DisputeResponse> Handle(UpdateDisputeCommand command, CancellationToken cancellationToken)
    {
        var dispute = await DisputeRules.LoadAsync(db, command.DisputeId, command.Version, cancellationToken);
        DisputeRules.EnsureNotClosed(dispute, "be changed");
        if (!string.IsNullOrEmpty(command.OwnerEmail) && (await members.FindByEmailsAsync([command.OwnerEmail], cancellationToken)).Count == 0)
        {
            throw new BusinessRuleException("owner-not-member", $"{command.OwnerEmail} is not a member of this company.", "ownerEmail");
        }

        var changes = new List<string>();
        if (command.Description is not null)
        {
            dispute.Description = command.Description.Trim();
            changes.Add("description");
        }

        if (command.OwnerDepartment is not null && command.OwnerDepartment.Trim() != dispute.OwnerDepartment)
        {
            dispute.OwnerDepartment = command.OwnerDepartment.Trim();
            changes.Add($"owner department {dispute.OwnerDepartment}");
        }

        if (command.OwnerEmail is not null)
        {
            dispute.OwnerEmail = command.OwnerEmail.Length == 0 ? null : command.OwnerEmail.Trim();
            changes.Add($"owner {dispute.OwnerEmail ?? "(none)"}");
        }

        if (command.PublicNote is not null)
        {
            dispute.PublicNote = command.PublicNote.Length == 0 ? null : command.PublicNote.Trim();
            changes.Add("public note");
        }

        if (changes.Count > 0)
        {
            DisputeRules.AddNote(db, dispute, DisputeNoteKind.StatusChange, requestContext.ActorName, $"Changed: {string.Join(", ", changes)}.", timeProvider);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await DisputeRules.ResponseAsync(db, dispute, cancellationToken);
    }
}

internal static class UpdateDisputeEndpoint
{
    public static void MapUpdateDispute(this RouteGroupBuilder disputes) =>
        disputes.MapPatch("{disputeId:guid}", (Guid disputeId, UpdateDisputeRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new UpdateDisputeCommand(disputeId, r.Description, r.OwnerDepartment, r.OwnerEmail, r.PublicNote, r.Version), cancellationToken))
            .WithName("UpdateDispute")
            .WithSummary("Changes the description, the owner (department or member) or the public note the customer reads in reminders of a dispute that is not closed.")
            .RequireCompanyRoles(DisputesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
