using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.RevokeInternalRequest;

internal sealed record RevokeInternalRequestCommand(Guid DisputeId, Guid RequestId) : ICommand<InternalRequestResponse>;

internal sealed class RevokeInternalRequestHandler(DisputesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<RevokeInternalRequestCommand, InternalRequestResponse>
{
    public async Task<InternalRequestResponse> Handle(RevokeInternalRequestCommand command, CancellationToken cancellationToken)
    {
        var request = await db.InternalRequests.SingleOrDefaultAsync(r => r.Id == command.RequestId && r.DisputeId == command.DisputeId, cancellationToken)
            ?? throw new NotFoundException("Internal request", command.RequestId);
        if (request.Status != InternalRequestStatus.Pending)
        {
            throw new ConflictException($"The request is {request.Status}: only a pending request's link can be revoked.");
        }

        request.Status = InternalRequestStatus.Revoked;
        request.RevokedAt = timeProvider.GetUtcNow();
        request.RevokedBy = requestContext.ActorName;
        await db.SaveChangesAsync(cancellationToken);
        return InternalRequestResponse.From(request);
    }
}

internal static class RevokeInternalRequestEndpoint
{
    public static void MapRevokeInternalRequest(this RouteGroupBuilder disputes) =>
        disputes.MapPost("{disputeId:guid}/requests/{requestId:guid}/revoke", (Guid disputeId, Guid requestId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new RevokeInternalRequestCommand(disputeId, requestId), cancellationToken))
            .WithName("RevokeInternalRequest")
            .WithSummary("Revokes the link of a pending internal request: it opens nothing any more.")
            .RequireCompanyRoles(DisputesModule.WriterRoles)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
