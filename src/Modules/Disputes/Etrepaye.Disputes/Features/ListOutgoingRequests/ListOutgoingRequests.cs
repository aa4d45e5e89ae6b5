using Etrepaye.Disputes.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.ListOutgoingRequests;

internal sealed record ListOutgoingRequestsQuery(string? MailStatus, PageQuery Page) : IQuery<PagedResult<InternalRequestResponse>>;

internal sealed class ListOutgoingRequestsHandler(DisputesDbContext db) : IRequestHandler<ListOutgoingRequestsQuery, PagedResult<InternalRequestResponse>>
{
    public async Task<PagedResult<InternalRequestResponse>> Handle(ListOutgoingRequestsQuery query, CancellationToken cancellationToken)
    {
        var requests = db.InternalRequests.AsNoTracking();
        if (query.MailStatus is not null)
        {
            requests = requests.Where(r => r.MailStatus == query.MailStatus);
        }

        var page = await requests.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<InternalRequestResponse>([.. page.Items.Select(InternalRequestResponse.From)], page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListOutgoingRequestsEndpoint
{
    public static void MapListOutgoingRequests(this RouteGroupBuilder disputes) =>
        disputes.MapGet("requests", (string? mailStatus, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListOutgoingRequestsQuery(mailStatus, page), cancellationToken))
            .WithName("ListOutgoingDisputeRequests")
            .WithSummary("The internal requests of the company's disputes (the outgoing e-mails), oldest first, filtered by mail status (Pending, Sent).")
            .ProducesValidationProblem();
}
