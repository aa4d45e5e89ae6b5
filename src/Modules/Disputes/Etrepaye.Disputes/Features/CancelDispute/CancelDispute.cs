using Etrepaye.Disputes.Features.RejectDispute;
using Etrepaye.Shared.Http;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Disputes.Features.CancelDispute;

/// <summary>Cancelling is rejecting without a decision on the merits (withdrawn by the customer, opened by mistake): same effect, its own status.</summary>
internal static class CancelDisputeEndpoint
{
    public static void MapCancelDispute(this RouteGroupBuilder disputes) =>
        disputes.MapPost("{disputeId:guid}/cancel", (Guid disputeId, CloseDisputeRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new RejectDisputeCommand(disputeId, r.Comment ?? "", r.Version, Cancelled: true), cancellationToken))
            .WithName("CancelDispute")
            .WithSummary("Cancels a dispute (withdrawn, opened by mistake): its whole amount returns to collection (DisputeRejected).")
            .RequireCompanyRoles(DisputesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
