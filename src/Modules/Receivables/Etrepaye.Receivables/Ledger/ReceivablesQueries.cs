using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Ledger;

/// <summary>The ledger's answers to other modules, for the company of the current request context.</summary>
internal sealed class ReceivablesQueries(ReceivablesDbContext db, LedgerReader ledger) : IReceivablesQueries
{
    public async Task<IReadOnlyList<ItemSettlementDto>> GetSettlementsAsync(IReadOnlyCollection<Guid> itemIds, DateOnly asOf, CancellationToken cancellationToken)
    {
        var ids = itemIds.Distinct().ToList();
        var rows = await db.Allocations.AsNoTracking()
            .Where(a => ids.Contains(a.TargetItemId) && a.Date <= asOf)
            .Select(a => new { a.TargetItemId, a.Date, a.Amount, a.TargetAmount })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(a => a.TargetItemId).ThenBy(a => a.Date).Select(a => new ItemSettlementDto(a.TargetItemId, a.Date, a.TargetAmount ?? a.Amount))];
    }

    public async Task<IReadOnlyList<OpenItemDto>> GetOpenItemsAsync(Guid customerId, DateOnly asOf, CancellationToken cancellationToken)
    {
        var items = await ledger.OpenItemsAsync(asOf, customerId, null, null, cancellationToken);
        return items.OrderBy(i => i.EffectiveDueDate).ThenBy(i => i.Reference).Select(i => ToDto(i, asOf)).ToList();
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<OpenItemDto>>> GetOpenItemsOfCustomersAsync(
        IReadOnlyCollection<Guid> customerIds, DateOnly asOf, CancellationToken cancellationToken)
    {
        var ids = customerIds.Distinct().ToList();
        var items = ids.Count == 0 ? [] : await ledger.OpenItemsOfCustomersAsync(asOf, ids, cancellationToken);
        var byCustomer = items.ToLookup(i => i.CustomerId);
        return ids.ToDictionary(
            id => id,
            id => (IReadOnlyList<OpenItemDto>)[.. byCustomer[id].OrderBy(i => i.EffectiveDueDate).ThenBy(i => i.Reference).Select(i => ToDto(i, asOf))]);
    }

    public async Task<CustomerBalanceDto?> GetBalanceAsync(Guid customerId, DateOnly asOf, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return null;
        }

        var items = await ledger.OpenItemsAsync(asOf, customerId, null, null, cancellationToken);
        return new CustomerBalanceDto(customerId, asOf, Balances(items, asOf));
    }

    public async Task<IReadOnlyDictionary<Guid, CustomerBalanceDto>> GetBalancesOfCustomersAsync(
        IReadOnlyCollection<Guid> customerIds, DateOnly asOf, CancellationToken cancellationToken)
    {
        var ids = customerIds.Distinct().ToList();
        var known = ids.Count == 0 ? [] : await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        var items = (known.Count == 0 ? [] : await ledger.OpenItemsOfCustomersAsync(asOf, known, cancellationToken)).ToLookup(i => i.CustomerId);
        return known.ToDictionary(id => id, id => new CustomerBalanceDto(id, asOf, Balances(items[id], asOf)));
    }

    public async Task<IReadOnlyList<CustomerAccountDto>> GetCustomerAccountsAsync(
        IReadOnlyCollection<Guid> customerIds, DateOnly asOf, CancellationToken cancellationToken)
    {
        var ids = customerIds.Distinct().ToList();
        var customers = ids.Count == 0 ? [] : await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Reference).ToListAsync(cancellationToken);
        var items = (customers.Count == 0 ? [] : await ledger.OpenItemsOfCustomersAsync(asOf, [.. customers.Select(c => c.Id)], cancellationToken)).ToLookup(i => i.CustomerId);
        return [.. customers.Select(c => new CustomerAccountDto(
            c.Id, c.Reference, c.Name, c.Country, c.Segment, c.RiskClass, c.LegalEntityCode, c.Currency, Balances(items[c.Id], asOf)))];
    }

    public async Task<IReadOnlyList<CustomerDto>> GetCustomersAsync(IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken)
    {
        var ids = customerIds.Distinct().ToList();
        return await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Reference)
            .Select(c => new CustomerDto(c.Id, c.Reference, c.Name, c.Currency, c.ParentCustomerId))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerBalanceDto>> GetBalancesAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var items = await ledger.OpenItemsAsync(asOf, null, null, null, cancellationToken);
        return items.GroupBy(i => i.CustomerId).OrderBy(g => g.Key).Select(g => new CustomerBalanceDto(g.Key, asOf, Balances(g, asOf))).ToList();
    }

    public async Task<decimal?> GetExchangeRateAsync(string fromCurrency, string toCurrency, DateOnly asOf, CancellationToken cancellationToken) =>
        fromCurrency == toCurrency ? 1m : (await ledger.ConverterAsync(cancellationToken)).RateFor(fromCurrency, toCurrency, asOf);

    public async Task<IReadOnlyList<InvoiceHistoryDto>> ListInvoicesDueAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var rows = await db.Items.AsNoTracking()
            .Where(i => i.Type == ItemType.Invoice && i.DueDate != null && i.DueDate >= from && i.DueDate <= to)
            .OrderBy(i => i.DueDate).ThenBy(i => i.Reference)
            .Select(i => new { i.Id, i.CustomerId, i.Reference, i.Amount, i.Currency, i.IssueDate, i.DueDate, i.SettledDate, i.Disputed })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(i => new InvoiceHistoryDto(i.Id, i.CustomerId, i.Reference, new Money(i.Amount, i.Currency), i.IssueDate, i.DueDate!.Value, i.SettledDate, i.Disputed))];
    }

    public async Task<IReadOnlyList<CustomerAccountDto>> ListCustomerAccountsAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var customers = await db.Customers.AsNoTracking().OrderBy(c => c.Reference).ToListAsync(cancellationToken);
        var items = (await ledger.OpenItemsAsync(asOf, null, null, null, cancellationToken)).ToLookup(i => i.CustomerId);
        return [.. customers.Select(c => new CustomerAccountDto(
            c.Id, c.Reference, c.Name, c.Country, c.Segment, c.RiskClass, c.LegalEntityCode, c.Currency, Balances(items[c.Id], asOf)))];
    }

    public async Task<CustomerAccountDto?> GetCustomerAccountAsync(Guid customerId, DateOnly asOf, CancellationToken cancellationToken)
    {
        var c = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken);
        if (c is null)
        {
            return null;
        }

        var items = await ledger.OpenItemsAsync(asOf, customerId, null, null, cancellationToken);
        return new CustomerAccountDto(c.Id, c.Reference, c.Name, c.Country, c.Segment, c.RiskClass, c.LegalEntityCode, c.Currency, Balances(items, asOf));
    }

    internal static OpenItemDto ToDto(OpenItem i, DateOnly asOf) => new(
        i.Id, i.Type.ToString(), i.Reference, i.IssueDate, i.DueDate, new Money(i.Amount, i.Currency), new Money(i.OpenAmount, i.Currency),
        i.IsDebit ? i.DaysPastDue(asOf) : 0, i.Disputed);

    internal static List<CurrencyBalanceDto> Balances(IEnumerable<OpenItem> items, DateOnly asOf) =>
        items.GroupBy(i => i.Currency).OrderBy(g => g.Key).Select(g =>
        {
            var debits = g.Where(i => i.IsDebit).Sum(i => i.OpenAmount);
            var overdue = g.Where(i => i.IsDebit && i.DaysPastDue(asOf) > 0).Sum(i => i.OpenAmount);
            var credits = g.Where(i => !i.IsDebit).Sum(i => i.OpenAmount);
            return new CurrencyBalanceDto(g.Key, debits, overdue, credits, debits - credits);
        }).ToList();
}
