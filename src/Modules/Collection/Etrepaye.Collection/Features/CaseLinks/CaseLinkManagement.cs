using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.CaseLinks;

/// <summary>A link an escalation e-mail carried (never its token).</summary>
public sealed record CaseLinkResponse(
    Guid Id, Guid CaseId, Guid MessageId, string RecipientEmail, string Question, string Status, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset ExpiresAt,
    DateTimeOffset? AnsweredAt, string? AnsweredBy, string? Answer, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    internal static CaseLinkResponse From(CaseLink l) => new(
        l.Id, l.CaseId, l.MessageId, l.RecipientEmail, l.Question, l.Status.ToString(), l.CreatedAt, l.CreatedBy, l.ExpiresAt, l.AnsweredAt, l.AnsweredBy, l.Answer,
        l.RevokedAt, l.RevokedBy);
}

internal sealed record ListCaseLinksQuery(Guid CaseId) : IQuery<IReadOnlyList<CaseLinkResponse>>;

internal sealed class ListCaseLinksHandler(CollectionDbContext db) : IRequestHandler<ListCaseLinksQuery, IReadOnlyList<CaseLinkResponse>>
{
    public async Task<IReadOnlyList<CaseLinkResponse>> Handle(ListCaseLinksQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == query.CaseId, cancellationToken))
        {
            throw new NotFoundException("Case", query.CaseId);
        }

        var links = await db.CaseLinks.AsNoTracking().Where(l => l.CaseId == query.CaseId).OrderBy(l => l.CreatedAt).ToListAsync(cancellationToken);
        return [.. links.Select(CaseLinkResponse.From)];
    }
}

internal sealed record RevokeCaseLinkCommand(Guid CaseId, Guid LinkId) : ICommand<CaseLinkResponse>;

internal sealed class RevokeCaseLinkHandler(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<RevokeCaseLinkCommand, CaseLinkResponse>
{
    public async Task<CaseLinkResponse> Handle(RevokeCaseLinkCommand command, CancellationToken cancellationToken)
    {
        var link = await db.CaseLinks.SingleOrDefaultAsync(l => l.Id == command.LinkId && l.CaseId == command.CaseId, cancellationToken)
            ?? throw new NotFoundException("Case link", command.LinkId);
        if (link.Status != CaseLinkStatus.Pending)
        {
            throw new ConflictException($"The link is {link.Status}: only a pending link can be revoked.");
        }

        link.Status = CaseLinkStatus.Revoked;
        link.RevokedAt = timeProvider.GetUtcNow();
        link.RevokedBy = requestContext.ActorName;
        await db.SaveChangesAsync(cancellationToken);
        return CaseLinkResponse.From(link);
    }
}

internal static class CaseLinkEndpoints
{
    public static void MapCaseLinks(this RouteGroupBuilder collection)
    {
        collection.MapGet("cases/{caseId:guid}/links", (Guid caseId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListCaseLinksQuery(caseId), cancellationToken))
            .WithName("ListCaseLinks")
            .WithSummary("The signed links the case's escalation e-mails carried, with their answer or revocation (never the token).");
        collection.MapPost("cases/{caseId:guid}/links/{linkId:guid}/revoke", (Guid caseId, Guid linkId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new RevokeCaseLinkCommand(caseId, linkId), cancellationToken))
            .WithName("RevokeCaseLink")
            .WithSummary("Revokes the link of an escalation e-mail that was not answered yet: it opens nothing any more.")
            .RequireCompanyRoles(CollectionModule.WriterRoles)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
