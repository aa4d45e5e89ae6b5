using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Messages;

public sealed record RecordBounceRequest(string Reason);

internal sealed record RecordBounceCommand(Guid MessageId, string Reason) : ICommand<MessageSummaryResponse>;

internal sealed class RecordBounceValidator : AbstractValidator<RecordBounceCommand>
{
    public RecordBounceValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(900).WithName("reason");
}

/// <summary>A bounce reported after the mail server accepted the message (a delivery status notification, a returned letter).</summary>
internal sealed class RecordBounceHandler(CollectionDbContext db) : IRequestHandler<RecordBounceCommand, MessageSummaryResponse>
{
    public async Task<MessageSummaryResponse> Handle(RecordBounceCommand command, CancellationToken cancellationToken)
    {
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == command.MessageId, cancellationToken) ?? throw new NotFoundException("Message", command.MessageId);
        if (message.Status != MessageStatus.Sent)
        {
            throw new BusinessRuleException("message-not-sent", "Only a sent message can bounce.", "messageId");
        }

        message.Status = MessageStatus.Bounced;
        message.StatusReason = command.Reason;
        await db.SaveChangesAsync(cancellationToken);
        return MessageSummaryResponse.From(message);
    }
}

internal static class RecordBounceEndpoint
{
    public static void MapRecordBounce(this RouteGroupBuilder collection) =>
        collection.MapPost("messages/{messageId:guid}/bounce", (Guid messageId, RecordBounceRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new RecordBounceCommand(messageId, r.Reason), cancellationToken))
            .WithName("RecordCollectionMessageBounce")
            .WithSummary("Records that a sent message bounced (or a letter came back), with the reason.")
            .RequireCompanyRoles(CollectionModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
