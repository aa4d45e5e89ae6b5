using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Messages;

internal sealed record ListMessagesQuery(Guid? CaseId, Guid? CustomerId, string? Status, string? Channel, PageQuery Page) : IQuery<PagedResult<MessageSummaryResponse>>;

internal sealed class ListMessagesValidator : AbstractValidator<ListMessagesQuery>
{
    public ListMessagesValidator()
    {
        RuleFor(q => q.Status).Must(s => Enum.TryParse<MessageStatus>(s, true, out _)).When(q => q.Status is not null)
            .WithMessage("status is AwaitingConfirmation, Scheduled, Sent, Cancelled, Failed or Bounced.");
        RuleFor(q => q.Channel).Must(s => Enum.TryParse<MessageChannel>(s, true, out _)).When(q => q.Channel is not null).WithMessage("channel is Email, Letter or Sms.");
    }
}

internal sealed class ListMessagesHandler(CollectionDbContext db) : IRequestHandler<ListMessagesQuery, PagedResult<MessageSummaryResponse>>
{
    public async Task<PagedResult<MessageSummaryResponse>> Handle(ListMessagesQuery query, CancellationToken cancellationToken)
    {
        var messages = db.Messages.AsNoTracking();
        if (query.CaseId is { } caseId)
        {
            messages = messages.Where(m => m.CaseId == caseId);
        }

        if (query.CustomerId is { } customerId)
        {
            messages = messages.Where(m => m.CustomerId == customerId);
        }

        if (query.Status is not null)
        {
            var status = Enum.Parse<MessageStatus>(query.Status, true);
            messages = messages.Where(m => m.Status == status);
        }

        if (query.Channel is not null)
        {
            var channel = Enum.Parse<MessageChannel>(query.Channel, true);
            messages = messages.Where(m => m.Channel == channel);
        }

        var page = await messages.OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<MessageSummaryResponse>([.. page.Items.Select(MessageSummaryResponse.From)], page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListMessagesEndpoint
{
    public static void MapListMessages(this RouteGroupBuilder collection) =>
        collection.MapGet("messages", (Guid? caseId, Guid? customerId, string? status, string? channel, [AsParameters] PageQuery page, IMediator mediator,
                CancellationToken cancellationToken) => mediator.Send(new ListMessagesQuery(caseId, customerId, status, channel, page), cancellationToken))
            .WithName("ListCollectionMessages")
            .WithSummary("The archive of messages, newest first: filter by case, customer, status (Failed and Bounced show delivery problems) and channel.")
            .ProducesValidationProblem();
}
