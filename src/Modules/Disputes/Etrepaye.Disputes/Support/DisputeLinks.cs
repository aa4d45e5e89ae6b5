using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Security;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Support;

/// <summary>
/// Opens an internal request from the token of its link, for someone without an account: the token is the only credential,
/// and it gives the company scope of that one request's dispute and nothing else. Unknown tokens are 404; revoked, answered
/// or expired links are refused (403) saying which.
/// </summary>
internal sealed class DisputeLinks(DisputesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
{
    public const string TokenHeader = "X-Link-Token";

    public async Task<(InternalRequest Request, Dispute Dispute)> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        if (!LinkTokens.IsWellFormed(token))
        {
            throw new NotFoundException("Link", "(token)");
        }

        var hash = LinkTokens.Hash(token!);
        var request = await db.InternalRequests.IgnoreQueryFilters().SingleOrDefaultAsync(r => r.TokenHash == hash, cancellationToken);
        if (request is null || !LinkTokens.Matches(token!, request.TokenHash))
        {
            throw new NotFoundException("Link", "(token)");
        }

        switch (request.Status)
        {
            case InternalRequestStatus.Revoked:
                throw new ForbiddenException("This link was revoked: ask the credit team for a new one.");
            case InternalRequestStatus.Answered:
                throw new ForbiddenException($"This link was already used to answer on {request.AnsweredAt:yyyy-MM-dd HH:mm} UTC: a link answers once.");
        }

        if (timeProvider.GetUtcNow() >= request.ExpiresAt)
        {
            throw new ForbiddenException($"This link expired on {request.ExpiresAt:yyyy-MM-dd HH:mm} UTC: ask the credit team for a new one.");
        }

        requestContext.EnterCompanyAsSystem(request.CompanyId, $"dispute-link:{request.Id}");
        requestContext.SetActor(null, $"link:{request.RecipientEmail}");
        var dispute = await db.Disputes.SingleAsync(d => d.Id == request.DisputeId, cancellationToken);
        return (request, dispute);
    }
}
