using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Collection.Features.CaseLinks;

/// <param name="Name">Who answers (the link is not tied to an account).</param>
public sealed record AnswerCaseByLinkRequest(string? Name, string? Answer);

public sealed record CaseLinkAnswerResponse(string CustomerName, DateTimeOffset AnsweredAt);

internal sealed record AnswerCaseByLinkCommand(string? Token, string Name, string Answer) : ICommand<CaseLinkAnswerResponse>;

internal sealed class AnswerCaseByLinkValidator : AbstractValidator<AnswerCaseByLinkCommand>
{
    public AnswerCaseByLinkValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Answer).NotEmpty().MaximumLength(4000);
    }
}

/// <summary>The answer joins the case's history (an action) and is published, so that a procedure waiting for it goes on.</summary>
internal sealed class AnswerCaseByLinkHandler(CaseLinkOpener links, CollectionDbContext db, TimeProvider timeProvider)
    : IRequestHandler<AnswerCaseByLinkCommand, CaseLinkAnswerResponse>
{
    public async Task<CaseLinkAnswerResponse> Handle(AnswerCaseByLinkCommand command, CancellationToken cancellationToken)
    {
        var (link, collectionCase) = await links.OpenAsync(command.Token, cancellationToken);
        var now = timeProvider.GetUtcNow();
        link.Status = CaseLinkStatus.Answered;
        link.AnsweredAt = now;
        link.AnsweredBy = command.Name.Trim();
        link.Answer = command.Answer.Trim();
        var by = $"{link.AnsweredBy} ({link.RecipientEmail}, by link)";
        db.CaseActions.Add(new CaseAction
        {
            Id = Ids.New(timeProvider),
            CompanyId = link.CompanyId,
            CaseId = link.CaseId,
            CustomerId = link.CustomerId,
            Kind = "EscalationAnswered",
            Detail = link.Answer.Length > 1000 ? link.Answer[..1000] : link.Answer,
            On = collectionCase.AsOf > DateOnly.FromDateTime(now.UtcDateTime) ? collectionCase.AsOf : DateOnly.FromDateTime(now.UtcDateTime),
            At = now,
            By = by.Length > 256 ? by[..256] : by,
        });
        db.Publish(new CaseEscalationAnswered(link.CompanyId, link.CustomerId, link.CaseId, link.Id, link.AnsweredBy, link.RecipientEmail, link.Answer, now));
        // The version check on the link makes a second answer racing this one fail instead of overwriting it.
        await db.SaveChangesAsync(cancellationToken);
        return new CaseLinkAnswerResponse(collectionCase.CustomerName, now);
    }
}

internal static class AnswerCaseByLinkEndpoint
{
    public static void MapAnswerCaseByLink(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/case-links/answer", (
                [FromHeader(Name = CaseLinkOpener.TokenHeader)] string? token, AnswerCaseByLinkRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new AnswerCaseByLinkCommand(token, r.Name ?? "", r.Answer ?? ""), cancellationToken))
            .WithTags("Collection")
            .WithName("AnswerCaseByLink")
            .WithSummary(
                "For a colleague without an account: answers an escalation through its link (X-Link-Token header). The answer joins the case's history " +
                "(action EscalationAnswered) and resumes a procedure waiting for it; the link then opens nothing more.")
            .AllowAnonymous()
            .DisableAntiforgery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
