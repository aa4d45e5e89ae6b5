using Etrepaye.Collection.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Cases;

internal sealed record GetCaseQuery(Guid CaseId) : IQuery<CaseDetailResponse>;

internal sealed class GetCaseHandler(CollectionDbContext db) : IRequestHandler<GetCaseQuery, CaseDetailResponse>
{
    public async Task<CaseDetailResponse> Handle(GetCaseQuery query, CancellationToken cancellationToken)
    {
        var c = await db.Cases.AsNoTracking().SingleOrDefaultAsync(x => x.Id == query.CaseId, cancellationToken) ?? throw new NotFoundException("Case", query.CaseId);
        var items = await db.CaseItems.AsNoTracking().Where(i => i.CaseId == c.Id).ToListAsync(cancellationToken);
        var promises = await db.Promises.AsNoTracking().Where(p => p.CaseId == c.Id).ToListAsync(cancellationToken);
        var plans = await db.PaymentPlans.AsNoTracking().Where(p => p.CaseId == c.Id).ToListAsync(cancellationToken);
        var planIds = plans.Select(p => p.Id).ToList();
        var instalments = await db.Instalments.AsNoTracking().Where(i => planIds.Contains(i.PlanId)).ToListAsync(cancellationToken);
        var messages = await db.Messages.AsNoTracking().Where(m => m.CaseId == c.Id).ToListAsync(cancellationToken);
        var actions = await db.CaseActions.AsNoTracking().Where(a => a.CaseId == c.Id).ToListAsync(cancellationToken);
        return new CaseDetailResponse(
            CaseSummaryResponse.From(c),
            [.. items.GroupBy(i => i.Currency).OrderBy(g => g.Key).Select(g => new CaseAmountResponse(
                g.Key, g.Sum(i => i.OpenAmount), g.Where(i => i.Overdue).Sum(i => i.OpenAmount), g.Sum(i => i.HeldAmount), g.Where(i => i.Overdue).Sum(i => i.CollectibleAmount)))],
            [.. items.OrderBy(i => i.DueDate).ThenBy(i => i.Reference).Select(i => new CaseItemResponse(
                i.ItemId, i.Type, i.Reference, i.IssueDate, i.DueDate, i.Currency, i.Amount, i.OpenAmount, i.DaysPastDue, i.Overdue, i.Disputed, i.HeldAmount,
                i.CollectibleAmount, i.ItemId == c.LeaderItemId))],
            [.. promises.OrderBy(p => p.RecordedOn).ThenBy(p => p.Id).Select(p => new PromiseResponse(
                p.Id, p.Amount, p.Currency, p.PromisedDate, p.GraceDays, p.DueBy, p.Received, p.Status.ToString(), p.RecordedOn, p.ResolvedOn, p.Note, p.RecordedBy))],
            [.. plans.OrderBy(p => p.AgreedOn).Select(p => new PaymentPlanResponse(
                p.Id, p.Currency, p.Total, p.Received, p.AgreedOn, p.InsurerNotificationRequired, p.Status,
                [.. instalments.Where(i => i.PlanId == p.Id).OrderBy(i => i.Number).Select(i => new InstalmentResponse(i.Number, i.DueDate, i.Amount, i.Status))]))],
            [.. messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(MessageSummaryResponse.From)],
            [.. actions.OrderBy(a => a.At).Select(a => new CaseActionResponse(a.Id, a.Kind, a.Detail, a.On, a.At, a.By))]);
    }
}

internal static class GetCaseEndpoint
{
    public static void MapGetCase(this RouteGroupBuilder collection) =>
        collection.MapGet("cases/{caseId:guid}", (Guid caseId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetCaseQuery(caseId), cancellationToken))
            .WithName("GetCollectionCase")
            .WithSummary("A case with its items, leader, amounts per currency, promises, payment plans, messages, actions and its procedure instance.");
}
