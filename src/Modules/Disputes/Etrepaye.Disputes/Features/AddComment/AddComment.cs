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
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.AddComment;

/// <param name="Mentions">The e-mails of the company members mentioned (each must be a member).</param>
public sealed record AddCommentRequest(string? Text, IReadOnlyList<string>? Mentions);

internal sealed record AddCommentCommand(Guid DisputeId, string Text, IReadOnlyList<string> Mentions) : ICommand<DisputeNoteResponse>;

internal sealed class AddCommentValidator : AbstractValidator<AddCommentCommand>
{
    public AddCommentValidator()
    {
        RuleFor(c => c.Text).NotEmpty().MaximumLength(4000);
        RuleFor(c => c.Mentions.Count).LessThanOrEqualTo(20).OverridePropertyName("Mentions");
        RuleForEach(c => c.Mentions).NotEmpty().EmailAddress().MaximumLength(256);
    }
}

internal sealed class AddCommentHandler(DisputesDbContext db, ICompanyMembers members, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<AddCommentCommand, DisputeNoteResponse>
{
    public async Task<DisputeNoteResponse> Handle(AddCommentCommand command, CancellationToken cancellationToken)
    {
        var dispute = await db.Disputes.AsNoTracking().SingleOrDefaultAsync(d => d.Id == command.DisputeId, cancellationToken)
            ?? throw new NotFoundException("Dispute", command.DisputeId);
        var found = command.Mentions.Count == 0 ? [] : await members.FindByEmailsAsync(command.Mentions, cancellationToken);
        var unknown = command.Mentions.Where(m => !found.Any(f => f.Email.Equals(m.Trim(), StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new BusinessRuleException("mention-not-member", $"Not members of this company: {string.Join(", ", unknown)}.", "mentions");
        }

        var note = DisputeRules.AddNote(db, dispute, DisputeNoteKind.Comment, requestContext.ActorName, command.Text.Trim(), timeProvider, [.. found.Select(f => f.Email).Distinct()]);
        await db.SaveChangesAsync(cancellationToken);
        return new DisputeNoteResponse(note.Id, note.Kind.ToString(), note.At, note.Author, note.Text, note.Mentions);
    }
}

internal static class AddCommentEndpoint
{
    public static void MapAddComment(this RouteGroupBuilder disputes) =>
        disputes.MapPost("{disputeId:guid}/comments", HandleAsync)
            .WithName("AddDisputeComment")
            .WithSummary("Adds a comment to a dispute's timeline, mentioning company members by e-mail (a non-member is refused, naming 'mentions').")
            .RequireCompanyRoles(DisputesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Created<DisputeNoteResponse>> HandleAsync(
        Guid companyId, Guid disputeId, AddCommentRequest r, IMediator mediator, CancellationToken cancellationToken)
    {
        var note = await mediator.Send(new AddCommentCommand(disputeId, r.Text ?? "", r.Mentions ?? []), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/disputes/{disputeId}", note);
    }
}
