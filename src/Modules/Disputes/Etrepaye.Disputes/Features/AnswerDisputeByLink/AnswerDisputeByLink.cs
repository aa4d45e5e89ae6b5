using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Disputes.Support;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Disputes.Features.AnswerDisputeByLink;

/// <param name="Name">Who answers (the link is not tied to an account).</param>
public sealed record AnswerDisputeByLinkRequest(string? Name, string? Answer);

public sealed record LinkAnswerResponse(string DisputeReference, DateTimeOffset AnsweredAt);

internal sealed record AnswerDisputeByLinkCommand(string? Token, string Name, string Answer) : ICommand<LinkAnswerResponse>;

internal sealed class AnswerDisputeByLinkValidator : AbstractValidator<AnswerDisputeByLinkCommand>
{
    public AnswerDisputeByLinkValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Answer).NotEmpty().MaximumLength(4000);
    }
}

internal sealed class AnswerDisputeByLinkHandler(DisputeLinks links, DisputesDbContext db, TimeProvider timeProvider)
    : IRequestHandler<AnswerDisputeByLinkCommand, LinkAnswerResponse>
{
    public async Task<LinkAnswerResponse> Handle(AnswerDisputeByLinkCommand command, CancellationToken cancellationToken)
    {
        var (request, dispute) = await links.OpenAsync(command.Token, cancellationToken);
        request.Status = InternalRequestStatus.Answered;
        request.AnsweredAt = timeProvider.GetUtcNow();
        request.AnsweredBy = command.Name.Trim();
        request.Answer = command.Answer.Trim();
        DisputeRules.AddNote(
            db, dispute, DisputeNoteKind.InternalAnswer, $"{request.AnsweredBy} ({request.RecipientEmail}, by link)", request.Answer, timeProvider);
        // The version check on the request makes a second answer racing this one fail instead of overwriting it.
        await db.SaveChangesAsync(cancellationToken);
        return new LinkAnswerResponse(dispute.Reference, request.AnsweredAt.Value);
    }
}

internal static class AnswerDisputeByLinkEndpoint
{
    public static void MapAnswerDisputeByLink(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/dispute-links/answer", (
                [FromHeader(Name = DisputeLinks.TokenHeader)] string? token, AnswerDisputeByLinkRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new AnswerDisputeByLinkCommand(token, r.Name ?? "", r.Answer ?? ""), cancellationToken))
            .WithTags("Disputes")
            .WithName("AnswerDisputeByLink")
            .WithSummary("For a colleague without an account: answers an internal request through its link (X-Link-Token header). The answer joins the dispute's timeline; the link then opens nothing more.")
            .AllowAnonymous()
            .DisableAntiforgery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
