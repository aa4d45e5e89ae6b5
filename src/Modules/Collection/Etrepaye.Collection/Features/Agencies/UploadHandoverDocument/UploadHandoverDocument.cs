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
        var document = await store.StoreAsync(
            db,
            new AgencyCaseDocument
            {
                Id = Ids.New(timeProvider),
                CompanyId = requestContext.CompanyId,
                AgencyCaseId = agencyCase.Id,
                UploadedAt = timeProvider.GetUtcNow(),
                UploadedBy = requestContext.ActorName,
            },
            command.File,
            cancellationToken);

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
