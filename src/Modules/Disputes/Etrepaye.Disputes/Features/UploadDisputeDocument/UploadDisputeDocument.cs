using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Documents;
using Etrepaye.Disputes.Domain;
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

namespace Etrepaye.Disputes.Features.UploadDisputeDocument;

internal sealed record UploadDisputeDocumentCommand(Guid DisputeId, CheckedFile File) : ICommand<DisputeDocumentResponse>;

internal sealed class UploadDisputeDocumentHandler(DisputesDbContext db, DisputeDocumentStore store, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<UploadDisputeDocumentCommand, DisputeDocumentResponse>
{
    public async Task<DisputeDocumentResponse> Handle(UploadDisputeDocumentCommand command, CancellationToken cancellationToken)
    {
        if (!await db.Disputes.AnyAsync(d => d.Id == command.DisputeId, cancellationToken))
        {
            throw new NotFoundException("Dispute", command.DisputeId);
        }

        var document = await store.StoreAsync(
            db,
            new DisputeDocument
            {
                Id = Ids.New(timeProvider),
                CompanyId = requestContext.CompanyId,
                DisputeId = command.DisputeId,
                UploadedAt = timeProvider.GetUtcNow(),
                UploadedBy = requestContext.ActorName,
            },
            command.File,
            cancellationToken);

        return new DisputeDocumentResponse(document.Id, document.FileName, document.ContentType, document.Size, document.Sha256, document.UploadedAt, document.UploadedBy);
    }
}

internal static class UploadDisputeDocumentEndpoint
{
    public static void MapUploadDisputeDocument(this RouteGroupBuilder disputes) =>
        disputes.MapPost("{disputeId:guid}/documents", HandleAsync)
            .WithName("UploadDisputeDocument")
            .WithSummary(
                "Attaches a document to a dispute (multipart field 'file'; the types and size limit come from Disputes:Documents, PDF and images checked by content). " +
                "A refused file is not stored.")
            .RequireCompanyRoles(DisputesModule.WriterRoles)
            .DisableAntiforgery()
            .ProducesValidationProblem();

    private static async Task<Created<DisputeDocumentResponse>> HandleAsync(
        Guid companyId, Guid disputeId, HttpRequest request, DisputeDocumentStore store, IMediator mediator, CancellationToken cancellationToken)
    {
        var checkedFile = await store.ReadUploadAsync(request, cancellationToken);
        var document = await mediator.Send(new UploadDisputeDocumentCommand(disputeId, checkedFile), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/disputes/{disputeId}/documents/{document.Id}", document);
    }
}
