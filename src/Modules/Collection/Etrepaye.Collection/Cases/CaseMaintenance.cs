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
        Guid customerId, DateOnly eventDate, bool openIfOverdue, CancellationToken cancellationToken, DateOnly? openIfDueBy = null) =>
        (await RefreshManyAsync([(customerId, eventDate)], openIfOverdue, cancellationToken, openIfDueBy)).GetValueOrDefault(customerId);

    /// <summary>
    /// <see cref="RefreshAsync"/> for many customers with a few queries for all of them (the daily run's overdue events): a customer
    /// named twice is refreshed once, as of its latest event date. Returns the case of each customer that has one.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, CollectionCase>> RefreshManyAsync(
        IReadOnlyList<(Guid CustomerId, DateOnly EventDate)> events, bool openIfOverdue, CancellationToken cancellationToken, DateOnly? openIfDueBy = null)
    {
        var latest = events.GroupBy(e => e.CustomerId).ToDictionary(g => g.Key, g => g.Max(e => e.EventDate));
        var customerIds = latest.Keys.ToList();
        var cases = await db.Cases.Where(c => customerIds.Contains(c.CustomerId) && c.Status != CaseStatus.Closed).ToDictionaryAsync(c => c.CustomerId, cancellationToken);
        var today = await clock.TodayAsync(requestContext.CompanyId, cancellationToken);
        var asOfs = customerIds.ToDictionary(id => id, id =>
        {
            var asOf = Dates.Latest(today, latest[id]);
            return cases.TryGetValue(id, out var existing) && existing.AsOf > asOf ? existing.AsOf : asOf;
        });
        var open = new Dictionary<Guid, IReadOnlyList<OpenItemDto>>();
        foreach (var day in customerIds.GroupBy(id => asOfs[id]))
        {
            foreach (var (customerId, items) in await receivables.GetOpenItemsOfCustomersAsync([.. day], day.Key, cancellationToken))
            {
                open[customerId] = items;
            }
        }

        var debits = customerIds.ToDictionary(id => id, id => open[id].Where(i => i.Type is "Invoice" or "Adjustment" && i.OpenAmount.Amount > 0).ToList());
        var toOpen = customerIds.Where(id => !cases.ContainsKey(id) && ShouldOpen(debits[id], asOfs[id], openIfOverdue, openIfDueBy)).ToList();
        var customers = toOpen.Count == 0 ? [] : (await receivables.GetCustomersAsync(toOpen, cancellationToken)).ToDictionary(c => c.Id);
        var existingCaseIds = cases.Values.Select(c => c.Id).ToList();
        foreach (var customerId in toOpen.Where(customers.ContainsKey))
        {
            var customer = customers[customerId];
            var collectionCase = new CollectionCase
            {
                Id = Ids.New(timeProvider),
                CompanyId = db.CurrentCompanyId,
                CustomerId = customerId,
                CustomerReference = customer.Reference,
                CustomerName = customer.Name,
                Currency = customer.Currency,
                Status = CaseStatus.Open,
                OpenedOn = asOfs[customerId],
                AsOf = asOfs[customerId],
            };
            db.Cases.Add(collectionCase);
            db.Publish(new CollectionCaseOpened(collectionCase.CompanyId, customerId, collectionCase.Id, collectionCase.OpenedOn));
            cases[customerId] = collectionCase;
        }

        var debitIds = cases.Keys.SelectMany(id => debits[id]).Select(i => i.ItemId).ToList();
        var held = debitIds.Count == 0 ? new Dictionary<Guid, decimal>() : await disputedAmounts.GetHeldAmountsAsync(debitIds, cancellationToken);
        if (existingCaseIds.Count > 0)
        {
            await db.CaseItems.Where(i => existingCaseIds.Contains(i.CaseId)).ExecuteDeleteAsync(cancellationToken);
        }

        foreach (var (customerId, collectionCase) in cases)
        {
            var asOf = asOfs[customerId];
            var items = debits[customerId].Select(i => CaseItemOf(collectionCase, i, held, asOf)).ToList();
            db.CaseItems.AddRange(items);
            Summarise(collectionCase, items);
            collectionCase.AsOf = asOf;
        }

        return cases;
    }

    private static bool ShouldOpen(IReadOnlyList<OpenItemDto> debits, DateOnly asOf, bool openIfOverdue, DateOnly? openIfDueBy)
    {
        var anyOverdue = debits.Any(i => i.DueDate is { } due && due < asOf);
        var dueSoon = openIfDueBy is { } by && debits.Any(i => !i.Disputed && i.DueDate is { } due && due >= asOf && due <= by);
        return (openIfOverdue && anyOverdue) || dueSoon;
    }

    private CaseItem CaseItemOf(CollectionCase collectionCase, OpenItemDto i, IReadOnlyDictionary<Guid, decimal> held, DateOnly asOf)
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
