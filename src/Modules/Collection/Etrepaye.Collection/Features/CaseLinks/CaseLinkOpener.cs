using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Security;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.CaseLinks;

/// <summary>
/// Opens an escalation's link from its token, for a colleague without an account: the token is the only credential and gives the
/// company scope of that one case and nothing else. Unknown (or malformed, or tampered) tokens are 404; revoked, answered or expired
/// links are refused (403) saying which.
/// </summary>
internal sealed class CaseLinkOpener(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider)
{
    public const string TokenHeader = "X-Link-Token";

    public async Task<(CaseLink Link, CollectionCase Case)> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        if (!LinkTokens.IsWellFormed(token))
        {
            throw new NotFoundException("Link", "(token)");
        }

        var hash = LinkTokens.Hash(token!);
        var link = await db.CaseLinks.IgnoreQueryFilters().SingleOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
        if (link is null || !LinkTokens.Matches(token!, link.TokenHash))
        {
            throw new NotFoundException("Link", "(token)");
        }

        switch (link.Status)
        {
            case CaseLinkStatus.Revoked:
                throw new ForbiddenException("This link was revoked: ask the credit team for a new one.");
            case CaseLinkStatus.Answered:
                throw new ForbiddenException($"This link was already used to answer on {link.AnsweredAt:yyyy-MM-dd HH:mm} UTC: a link answers once.");
        }

        if (timeProvider.GetUtcNow() >= link.ExpiresAt)
        {
            throw new ForbiddenException($"This link expired on {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC: ask the credit team for a new one.");
        }

        requestContext.EnterCompanyAsSystem(link.CompanyId, $"case-link:{link.Id}");
        requestContext.SetActor(null, $"link:{link.RecipientEmail}");
        var collectionCase = await db.Cases.SingleAsync(c => c.Id == link.CaseId, cancellationToken);
        return (link, collectionCase);
    }
}
