using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Documents;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.GetDisputeDocument;

internal sealed record DocumentContent(string FileName, string ContentType, byte[] Content);

internal sealed record GetDisputeDocumentQuery(Guid DisputeId, Guid DocumentId) : IQuery<DocumentContent>;

internal sealed class GetDisputeDocumentHandler(DisputesDbContext db, DisputeDocumentStore store) : IRequestHandler<GetDisputeDocumentQuery, DocumentContent>
{
    public async Task<DocumentContent> Handle(GetDisputeDocumentQuery query, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.DocumentId && d.DisputeId == query.DisputeId, cancellationToken)
            ?? throw new NotFoundException("Document", query.DocumentId);
        return new DocumentContent(document.FileName, document.ContentType, await store.ReadAsync(document, cancellationToken));
    }
}

internal static class GetDisputeDocumentEndpoint
{
    public static void MapGetDisputeDocument(this RouteGroupBuilder disputes) =>
        disputes.MapGet("{disputeId:guid}/documents/{documentId:guid}", HandleAsync)
            .WithName("GetDisputeDocument")
            .WithSummary("Downloads a document of a dispute.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");

    private static async Task<FileContentHttpResult> HandleAsync(Guid disputeId, Guid documentId, IMediator mediator, CancellationToken cancellationToken)
    {
        var document = await mediator.Send(new GetDisputeDocumentQuery(disputeId, documentId), cancellationToken);
        return TypedResults.File(document.Content, document.ContentType, document.FileName);
    }
}
