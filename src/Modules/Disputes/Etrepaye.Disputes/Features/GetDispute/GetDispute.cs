using Etrepaye.Disputes.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.GetDispute;

internal sealed record GetDisputeQuery(Guid DisputeId) : IQuery<DisputeDetailResponse>;

internal sealed class GetDisputeHandler(DisputesDbContext db) : IRequestHandler<GetDisputeQuery, DisputeDetailResponse>
{
    public async Task<DisputeDetailResponse> Handle(GetDisputeQuery query, CancellationToken cancellationToken)
    {
        var dispute = await db.Disputes.AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.DisputeId, cancellationToken)
            ?? throw new NotFoundException("Dispute", query.DisputeId);
        var lines = await db.Lines.AsNoTracking().Where(l => l.DisputeId == dispute.Id).ToListAsync(cancellationToken);
        var notes = await db.Notes.AsNoTracking().Where(n => n.DisputeId == dispute.Id).ToListAsync(cancellationToken);
        var documents = await db.Documents.AsNoTracking().Where(d => d.DisputeId == dispute.Id)
            .Select(d => new DisputeDocumentResponse(d.Id, d.FileName, d.ContentType, d.Size, d.Sha256, d.UploadedAt, d.UploadedBy))
            .ToListAsync(cancellationToken);
        var requests = await db.InternalRequests.AsNoTracking().Where(r => r.DisputeId == dispute.Id).ToListAsync(cancellationToken);
        return new DisputeDetailResponse(
            DisputeResponse.From(dispute, lines),
            [.. notes.OrderBy(n => n.At).ThenBy(n => n.Id).Select(n => new DisputeNoteResponse(n.Id, n.Kind.ToString(), n.At, n.Author, n.Text, n.Mentions))],
            [.. documents.OrderBy(d => d.UploadedAt)],
            [.. requests.OrderBy(r => r.CreatedAt).Select(InternalRequestResponse.From)]);
    }
}

internal static class GetDisputeEndpoint
{
    public static void MapGetDispute(this RouteGroupBuilder disputes) =>
        disputes.MapGet("{disputeId:guid}", (Guid disputeId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetDisputeQuery(disputeId), cancellationToken))
            .WithName("GetDispute")
            .WithSummary("A dispute with its invoices, timeline (comments, status changes, resolution, answers), documents and internal requests.");
}
