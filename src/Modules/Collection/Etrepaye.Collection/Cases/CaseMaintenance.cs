using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Disputes.Contracts;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Cases;

/// <summary>
/// Keeps a customer's case current from the ledger: its items, what disputes exclude, its leader item and its amounts.
/// Opens the case when the customer has overdue items and none is open. The caller saves.
/// </summary>
internal sealed class CaseMaintenance(
    CollectionDbContext db, IReceivablesQueries receivables, ICompanyClock clock, RequestContext requestContext, TimeProvider timeProvider,
    IDisputedAmounts disputedAmounts)
{
    /// <param name="openIfDueBy">Opens a case before anything is overdue when an item not disputed falls due by this date (a pre-due case).</param>
    public async Task<CollectionCase?> RefreshAsync(
        Guid customerId, DateOnly eventDate, bool openIfOverdue, CancellationToken cancellationToken, DateOnly? openIfDueBy = null)
    {
        var collectionCase = await db.Cases.SingleOrDefaultAsync(c => c.CustomerId == customerId && c.Status != CaseStatus.Closed, cancellationToken);
        var asOf = Dates.Latest(await clock.TodayAsync(requestContext.CompanyId, cancellationToken), eventDate);
        if (collectionCase is not null && collectionCase.AsOf > asOf)
        {
            asOf = collectionCase.AsOf;
        }

        var open = await receivables.GetOpenItemsAsync(customerId, asOf, cancellationToken);
        var debits = open.Where(i => i.Type is "Invoice" or "Adjustment" && i.OpenAmount.Amount > 0).ToList();
        var anyOverdue = debits.Any(i => i.DueDate is { } due && due < asOf);
        if (collectionCase is null)
        {
            var dueSoon = openIfDueBy is { } by && debits.Any(i => !i.Disputed && i.DueDate is { } due && due >= asOf && due <= by);
            if (!(openIfOverdue && anyOverdue) && !dueSoon)
            {
                return null;
            }

            var customer = (await receivables.GetCustomersAsync([customerId], cancellationToken)).SingleOrDefault();
            if (customer is null)
            {
                return null;
            }

            collectionCase = new CollectionCase
            {
                Id = Ids.New(timeProvider),
                CompanyId = db.CurrentCompanyId,
                CustomerId = customerId,
                CustomerReference = customer.Reference,
                CustomerName = customer.Name,
                Currency = customer.Currency,
                Status = CaseStatus.Open,
                OpenedOn = asOf,
                AsOf = asOf,
            };
            db.Cases.Add(collectionCase);
            db.Publish(new CollectionCaseOpened(collectionCase.CompanyId, customerId, collectionCase.Id, asOf));
        }

        var held = debits.Count == 0
            ? new Dictionary<Guid, decimal>()
            : await disputedAmounts.GetHeldAmountsAsync([.. debits.Select(i => i.ItemId)], cancellationToken);
        await db.CaseItems.Where(i => i.CaseId == collectionCase.Id).ExecuteDeleteAsync(cancellationToken);
        var items = debits.Select(i =>
        {
            var heldAmount = Math.Min(held.GetValueOrDefault(i.ItemId), i.OpenAmount.Amount);
            return new CaseItem
            {
                Id = Ids.New(timeProvider),
                CompanyId = collectionCase.CompanyId,
                CaseId = collectionCase.Id,
                ItemId = i.ItemId,
                Type = i.Type,
                Reference = i.Reference,
                IssueDate = i.IssueDate,
                DueDate = i.DueDate,
                Currency = i.OpenAmount.Currency,
                Amount = i.Amount.Amount,
                OpenAmount = i.OpenAmount.Amount,
                DaysPastDue = i.DaysPastDue,
                Disputed = i.Disputed,
                HeldAmount = i.Disputed ? i.OpenAmount.Amount : heldAmount,
                CollectibleAmount = i.Disputed ? 0m : i.OpenAmount.Amount - heldAmount,
                Overdue = i.DueDate is { } due && due < asOf,
            };
        }).ToList();
        db.CaseItems.AddRange(items);
        Summarise(collectionCase, items);
        collectionCase.AsOf = asOf;
        return collectionCase;
    }

    private static void Summarise(CollectionCase collectionCase, IReadOnlyList<CaseItem> items)
    {
        var overdue = items.Where(i => i.Overdue).ToList();
        // Before anything is overdue (a pre-due case) the leader is the next item falling due.
        var leader = (overdue.Count > 0 ? overdue : items.Where(i => i.DueDate is not null))
            .Where(i => i.CollectibleAmount > 0).OrderBy(i => i.DueDate).ThenBy(i => i.Reference, StringComparer.Ordinal).FirstOrDefault();
        collectionCase.LeaderItemId = leader?.ItemId;
        collectionCase.LeaderReference = leader?.Reference;
        collectionCase.LeaderDueDate = leader?.DueDate;
        var inCurrency = overdue.Where(i => i.Currency == collectionCase.Currency).ToList();
        collectionCase.OverdueAmount = inCurrency.Sum(i => i.CollectibleAmount);
        collectionCase.ExcludedAmount = inCurrency.Sum(i => i.HeldAmount);
        collectionCase.OverdueItemCount = overdue.Count(i => i.CollectibleAmount > 0);
    }
}
