using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Documents;
using Etrepaye.Guarantees.Domain;
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

namespace Etrepaye.Guarantees.Features.UploadGuaranteeDocument;

internal sealed record UploadGuaranteeDocumentCommand(Guid GuaranteeId, CheckedFile File) : ICommand<GuaranteeDocumentResponse>;

internal sealed class UploadGuaranteeDocumentHandler(GuaranteesDbContext db, GuaranteeDocumentStore store, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<UploadGuaranteeDocumentCommand, GuaranteeDocumentResponse>
{
    public async Task<GuaranteeDocumentResponse> Handle(UploadGuaranteeDocumentCommand command, CancellationToken cancellationToken)
    {
        if (!await db.Guarantees.AnyAsync(g => g.Id == command.GuaranteeId, cancellationToken))
        {
            throw new NotFoundException("Guarantee", command.GuaranteeId);
        }

        var document = await store.StoreAsync(
            db,
            new GuaranteeDocument
            {
                Id = Ids.New(timeProvider),
                CompanyId = requestContext.CompanyId,
                GuaranteeId = command.GuaranteeId,
                UploadedAt = timeProvider.GetUtcNow(),
                UploadedBy = requestContext.ActorName,
            },
            command.File,
            cancellationToken);

        return new GuaranteeDocumentResponse(document.Id, document.FileName, document.ContentType, document.Size, document.Sha256, document.UploadedAt, document.UploadedBy);
    }
}

internal static class UploadGuaranteeDocumentEndpoint
{
    public static void MapUploadGuaranteeDocument(this RouteGroupBuilder guarantees) =>
        guarantees.MapPost("{guaranteeId:guid}/documents", HandleAsync)
            .WithName("UploadGuaranteeDocument")
            .WithSummary(
                "Attaches a document to a guarantee (multipart field 'file': PDF, PNG, JPEG or TIFF, checked by content, within the configured size limit). " +
                "A refused file is not stored.")
            .RequireCompanyRoles(GuaranteesModule.WriterRoles)
            .DisableAntiforgery()
            .ProducesValidationProblem();

    private static async Task<Created<GuaranteeDocumentResponse>> HandleAsync(
        Guid companyId, Guid guaranteeId, HttpRequest request, GuaranteeDocumentStore store, IMediator mediator, CancellationToken cancellationToken)
    {
        var checkedFile = await store.ReadUploadAsync(request, cancellationToken);
        var document = await mediator.Send(new UploadGuaranteeDocumentCommand(guaranteeId, checkedFile), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/guarantees/{guaranteeId}/documents/{document.Id}", document);
    }
}
