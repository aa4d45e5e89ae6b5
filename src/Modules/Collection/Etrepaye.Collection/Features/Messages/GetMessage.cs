using Etrepaye.Collection.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Messages;

internal sealed record GetMessageQuery(Guid MessageId) : IQuery<MessageResponse>;

internal sealed class GetMessageHandler(CollectionDbContext db) : IRequestHandler<GetMessageQuery, MessageResponse>
{
    public async Task<MessageResponse> Handle(GetMessageQuery query, CancellationToken cancellationToken)
    {
        var m = await db.Messages.AsNoTracking().SingleOrDefaultAsync(x => x.Id == query.MessageId, cancellationToken)
            ?? throw new NotFoundException("Message", query.MessageId);
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.MessageId == m.Id).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.FileName, a.ContentType, a.Content }).ToListAsync(cancellationToken);
        return new MessageResponse(
            MessageSummaryResponse.From(m), m.Body, m.ItemIds, m.Currency, m.Principal, m.Interest, m.Indemnity, m.IdempotencyKey,
            [.. attachments.Select(a => new AttachmentResponse(a.Id, a.FileName, a.ContentType, a.Content.Length))]);
    }
}

internal sealed record AttachmentFile(string FileName, string ContentType, byte[] Content);

internal sealed record GetAttachmentQuery(Guid MessageId, Guid AttachmentId) : IQuery<AttachmentFile>;

internal sealed class GetAttachmentHandler(CollectionDbContext db) : IRequestHandler<GetAttachmentQuery, AttachmentFile>
{
    public async Task<AttachmentFile> Handle(GetAttachmentQuery query, CancellationToken cancellationToken) =>
        await db.Attachments.AsNoTracking().Where(a => a.MessageId == query.MessageId && a.Id == query.AttachmentId)
            .Select(a => new AttachmentFile(a.FileName, a.ContentType, a.Content)).SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Attachment", query.AttachmentId);
}

internal static class GetMessageEndpoints
{
    public static void MapGetMessage(this RouteGroupBuilder collection)
    {
        collection.MapGet("messages/{messageId:guid}", (Guid messageId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetMessageQuery(messageId), cancellationToken))
            .WithName("GetCollectionMessage")
            .WithSummary("A message as rendered (what was or will be sent), its status and its attachments.");
        collection.MapGet("messages/{messageId:guid}/attachments/{attachmentId:guid}", async (Guid messageId, Guid attachmentId, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var file = await mediator.Send(new GetAttachmentQuery(messageId, attachmentId), cancellationToken);
                    return TypedResults.File(file.Content, file.ContentType, file.FileName);
                })
            .WithName("GetCollectionMessageAttachment")
            .WithSummary("An attachment of a message (the statement, the letter's PDF).");
    }
}
