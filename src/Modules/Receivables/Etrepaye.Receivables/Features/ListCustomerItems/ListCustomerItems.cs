using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.ListCustomerItems;

internal sealed record ListCustomerItemsQuery(Guid CustomerId, string? Type, string? Status, DateOnly? IssuedFrom, DateOnly? IssuedTo, PageQuery Page)
    : IQuery<PagedResult<ItemResponse>>;

internal sealed class ListCustomerItemsValidator : AbstractValidator<ListCustomerItemsQuery>
{
    public ListCustomerItemsValidator()
    {
        RuleFor(q => q.Type).Must(t => Enum.TryParse<ItemType>(t, true, out _)).When(q => q.Type is not null)
            .WithMessage("type is Invoice, CreditNote, Payment or Adjustment.");
        RuleFor(q => q.Status).Must(s => Enum.TryParse<ItemStatus>(s, true, out _)).When(q => q.Status is not null).WithMessage("status is Open or Settled.");
    }
}

internal sealed class ListCustomerItemsHandler(ReceivablesDbContext db) : IRequestHandler<ListCustomerItemsQuery, PagedResult<ItemResponse>>
{
    public async Task<PagedResult<ItemResponse>> Handle(ListCustomerItemsQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == query.CustomerId, cancellationToken))
        {
            throw new NotFoundException("Customer", query.CustomerId);
        }

        var items = db.Items.AsNoTracking().Where(i => i.CustomerId == query.CustomerId);
        if (query.Type is not null)
        {
            var type = Enum.Parse<ItemType>(query.Type, true);
            items = items.Where(i => i.Type == type);
        }

        if (query.Status is not null)
        {
            var status = Enum.Parse<ItemStatus>(query.Status, true);
            items = items.Where(i => i.Status == status);
        }

        if (query.IssuedFrom is { } from)
        {
            items = items.Where(i => i.IssueDate >= from);
        }

        if (query.IssuedTo is { } to)
        {
            items = items.Where(i => i.IssueDate <= to);
        }

        var page = await items.OrderByDescending(i => i.IssueDate).ThenBy(i => i.Id).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<ItemResponse>(page.Items.Select(ItemResponse.From).ToList(), page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListCustomerItemsEndpoint
{
    public static void MapListCustomerItems(this RouteGroupBuilder receivables) =>
        receivables.MapGet("customers/{customerId:guid}/items",
                (Guid customerId, string? type, string? status, DateOnly? issuedFrom, DateOnly? issuedTo, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new ListCustomerItemsQuery(customerId, type, status, issuedFrom, issuedTo, page), cancellationToken))
            .WithName("ListCustomerItems")
            .WithSummary("A customer's items, newest first, filtered by type, status (Open, Settled) and issue dates.");
}
