using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Documents;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.GetGuaranteeDocument;

internal sealed record DocumentContent(string FileName, string ContentType, byte[] Content);

internal sealed record GetGuaranteeDocumentQuery(Guid GuaranteeId, Guid DocumentId) : IQuery<DocumentContent>;

internal sealed class GetGuaranteeDocumentHandler(GuaranteesDbContext db, GuaranteeDocumentStore store) : IRequestHandler<GetGuaranteeDocumentQuery, DocumentContent>
{
    public async Task<DocumentContent> Handle(GetGuaranteeDocumentQuery query, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.DocumentId && d.GuaranteeId == query.GuaranteeId, cancellationToken)
            ?? throw new NotFoundException("Document", query.DocumentId);
        return new DocumentContent(document.FileName, document.ContentType, await store.ReadAsync(document, cancellationToken));
    }
}

internal static class GetGuaranteeDocumentEndpoint
{
    public static void MapGetGuaranteeDocument(this RouteGroupBuilder guarantees) =>
        guarantees.MapGet("{guaranteeId:guid}/documents/{documentId:guid}", HandleAsync)
            .WithName("GetGuaranteeDocument")
            .WithSummary("Downloads a document of a guarantee.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");

    private static async Task<FileContentHttpResult> HandleAsync(Guid guaranteeId, Guid documentId, IMediator mediator, CancellationToken cancellationToken)
    {
        var document = await mediator.Send(new GetGuaranteeDocumentQuery(guaranteeId, documentId), cancellationToken);
        return TypedResults.File(document.Content, document.ContentType, document.FileName);
    }
}
