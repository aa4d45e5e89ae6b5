using Etrepaye.Receivables.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.GetItem;

/// <param name="SourceItemId">The payment or credit note applied; null for a settlement reported by an import.</param>
/// <param name="Amount">What the allocation took off this item, in its currency.</param>
/// <param name="Rate">Across currencies: the rate used (one unit of the source's currency in the target's) and its date.</param>
public sealed record AllocationResponse(Guid Id, Guid? SourceItemId, Guid TargetItemId, Money Amount, DateOnly Date, decimal? Rate, DateOnly? RateDate);

public sealed record ItemDetailResponse(ItemResponse Item, IReadOnlyList<AllocationResponse> Allocations);

internal sealed record GetItemQuery(Guid ItemId) : IQuery<ItemDetailResponse>;

internal sealed class GetItemHandler(ReceivablesDbContext db) : IRequestHandler<GetItemQuery, ItemDetailResponse>
{
    public async Task<ItemDetailResponse> Handle(GetItemQuery query, CancellationToken cancellationToken)
    {
        var item = await db.Items.AsNoTracking().SingleOrDefaultAsync(i => i.Id == query.ItemId, cancellationToken)
            ?? throw new NotFoundException("Item", query.ItemId);
        var allocations = await db.Allocations.AsNoTracking()
            .Where(a => a.TargetItemId == item.Id || a.SourceItemId == item.Id)
            .OrderBy(a => a.Date).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        return new ItemDetailResponse(
            ItemResponse.From(item),
            allocations.Select(a => new AllocationResponse(
                a.Id, a.SourceItemId, a.TargetItemId, new Money(a.TargetItemId == item.Id ? a.AmountOnTarget : a.Amount, item.Currency), a.Date, a.Rate, a.RateDate)).ToList());
    }
}

internal static class GetItemEndpoint
{
    public static void MapGetItem(this RouteGroupBuilder receivables) =>
        receivables.MapGet("items/{itemId:guid}", (Guid itemId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetItemQuery(itemId), cancellationToken))
            .WithName("GetItem")
            .WithSummary("An item of the ledger with its allocations.");
}
