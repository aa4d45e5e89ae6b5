using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.GetHandoverDocument;

internal sealed record DocumentContent(string FileName, string ContentType, byte[] Content);

/// <summary>A document of an agency case, found through the collection case (company) or through the calling agency.</summary>
internal sealed record GetHandoverDocumentQuery(Guid DocumentId, Guid? CaseId, Guid? AgencyCaseId, Guid? AgencyId) : IQuery<DocumentContent>;

internal sealed class GetHandoverDocumentHandler(CollectionDbContext db, AgencyDocumentStore store) : IRequestHandler<GetHandoverDocumentQuery, DocumentContent>
{
    public async Task<DocumentContent> Handle(GetHandoverDocumentQuery query, CancellationToken cancellationToken)
    {
        var cases = db.AgencyCases.AsQueryable();
        cases = query.AgencyId is { } agencyId
            ? cases.Where(c => c.AgencyId == agencyId && c.Id == query.AgencyCaseId)
            : cases.Where(c => c.CaseId == query.CaseId);
        var document = await db.AgencyCaseDocuments.AsNoTracking()
            .Where(d => d.Id == query.DocumentId && cases.Any(c => c.Id == d.AgencyCaseId))
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Document", query.DocumentId);
        return new DocumentContent(document.FileName, document.ContentType, await store.ReadContentAsync(document, cancellationToken));
    }
}

internal static class GetHandoverDocumentEndpoint
{
    public static void MapGetHandoverDocument(this RouteGroupBuilder collection) =>
        collection.MapGet("cases/{caseId:guid}/agency-handover/documents/{documentId:guid}", async Task<FileContentHttpResult> (
                Guid caseId, Guid documentId, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var document = await mediator.Send(new GetHandoverDocumentQuery(documentId, caseId, null, null), cancellationToken);
                return TypedResults.File(document.Content, document.ContentType, document.FileName);
            })
            .WithName("GetHandoverDocument")
            .WithSummary("Downloads a document handed over with the case.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");

    public static void MapGetAgencyCaseDocument(this RouteGroupBuilder agency) =>
        agency.MapGet("cases/{agencyCaseId:guid}/documents/{documentId:guid}", async Task<FileContentHttpResult> (
                Guid agencyCaseId, Guid documentId, AgencyCaller caller, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var document = await mediator.Send(new GetHandoverDocumentQuery(documentId, null, agencyCaseId, caller.AgencyId), cancellationToken);
                return TypedResults.File(document.Content, document.ContentType, document.FileName);
            })
            .WithName("AgencyGetCaseDocument")
            .WithSummary("Downloads a document the company handed over with the case.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
}
