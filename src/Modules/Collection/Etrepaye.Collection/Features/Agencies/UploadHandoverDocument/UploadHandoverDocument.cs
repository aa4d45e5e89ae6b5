using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Shared;
using Etrepaye.Shared.Documents;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.UploadHandoverDocument;

internal sealed record UploadHandoverDocumentCommand(Guid CaseId, CheckedFile File) : ICommand<AgencyCaseDocumentResponse>;

internal sealed class UploadHandoverDocumentHandler(CollectionDbContext db, AgencyDocumentStore store, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<UploadHandoverDocumentCommand, AgencyCaseDocumentResponse>
{
    public async Task<AgencyCaseDocumentResponse> Handle(UploadHandoverDocumentCommand command, CancellationToken cancellationToken)
    {
        var agencyCase = await db.AgencyCases.AsNoTracking().SingleOrDefaultAsync(c => c.HeldCaseId == command.CaseId, cancellationToken)
            ?? throw new NotFoundException("Agency handover of case", command.CaseId);
        var id = Ids.New(timeProvider);
        var (storage, content) = await store.SaveAsync(requestContext.CompanyId, id, command.File, cancellationToken);
        var document = new AgencyCaseDocument
        {
            Id = id,
            CompanyId = requestContext.CompanyId,
            AgencyCaseId = agencyCase.Id,
            FileName = command.File.FileName,
            ContentType = command.File.ContentType,
            Size = command.File.Content.LongLength,
            Sha256 = command.File.Sha256,
            Storage = storage,
            Content = content,
            UploadedAt = timeProvider.GetUtcNow(),
            UploadedBy = requestContext.ActorName,
        };
        db.AgencyCaseDocuments.Add(document);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            store.Discard(requestContext.CompanyId, id);
            throw;
        }

        return new AgencyCaseDocumentResponse(document.Id, document.FileName, document.ContentType, document.Size, document.Sha256, document.UploadedAt, document.UploadedBy);
    }
}

internal static class UploadHandoverDocumentEndpoint
{
    public static void MapUploadHandoverDocument(this RouteGroupBuilder collection) =>
        collection.MapPost("cases/{caseId:guid}/agency-handover/documents", HandleAsync)
            .WithName("UploadHandoverDocument")
            .WithSummary(
                "Attaches a document for the agency to the case it holds (multipart field 'file': PDF, PNG, JPEG or TIFF, checked by content, within the size limit). " +
                "A refused file is not stored.")
            .RequireCompanyRoles(AgenciesRegistration.WriterRoles)
            .DisableAntiforgery()
            .ProducesValidationProblem();

    private static async Task<Created<AgencyCaseDocumentResponse>> HandleAsync(
        Guid companyId, Guid caseId, HttpRequest request, AgencyDocumentStore store, IMediator mediator, CancellationToken cancellationToken)
    {
        var file = await store.ReadUploadAsync(request, cancellationToken);
        var document = await mediator.Send(new UploadHandoverDocumentCommand(caseId, file), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/collection/cases/{caseId}/agency-handover/documents/{document.Id}", document);
    }
}
