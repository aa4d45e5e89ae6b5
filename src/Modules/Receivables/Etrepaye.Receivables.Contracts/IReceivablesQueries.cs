using Etrepaye.Shared.Contracts;

namespace Etrepaye.Receivables.Contracts;

/// <summary>Read-only questions other modules ask the ledger, for the company in the current request context.</summary>
public interface IReceivablesQueries
{
    /// <summary>The items of a customer open on a date (issued on or before it, not yet settled on it), oldest due first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="asOf">The business date.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<OpenItemDto>> GetOpenItemsAsync(Guid customerId, DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>
    /// The items of many customers open on a date, in three queries whatever their number (the daily run opens the cases of a
    /// day's overdue customers together): per customer asked, what <see cref="GetOpenItemsAsync"/> returns for it.
    /// </summary>
    /// <param name="customerIds">The customers (unknown ones, and those with nothing open, get an empty list).</param>
    /// <param name="asOf">The business date.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Every customer asked, with its open items, oldest due first.</returns>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<OpenItemDto>>> GetOpenItemsOfCustomersAsync(
        IReadOnlyCollection<Guid> customerIds, DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>A customer's balances on a date, one per currency; null when the customer does not exist in the company.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="asOf">The business date.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<CustomerBalanceDto?> GetBalanceAsync(Guid customerId, DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>
    /// The balances of many customers on a date, in four queries whatever their number (the daily run refreshes a day's overdue
    /// customers together): per customer of the company among these ids, what <see cref="GetBalanceAsync"/> returns for it.
    /// </summary>
    /// <param name="customerIds">The customers (unknown ones are left out).</param>
    /// <param name="asOf">The business date.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The balances of the customers of the company among the ids, by customer.</returns>
    Task<IReadOnlyDictionary<Guid, CustomerBalanceDto>> GetBalancesOfCustomersAsync(
        IReadOnlyCollection<Guid> customerIds, DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>
    /// Many customer accounts with their classification and balances on a date, in four queries whatever their number: per customer
    /// of the company among these ids, what <see cref="GetCustomerAccountAsync"/> returns for it.
    /// </summary>
    /// <param name="customerIds">The customers (unknown ones are left out).</param>
    /// <param name="asOf">The business date of the balances.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The accounts of the customers of the company among the ids, by reference.</returns>
    Task<IReadOnlyList<CustomerAccountDto>> GetCustomerAccountsAsync(
        IReadOnlyCollection<Guid> customerIds, DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>The customers of the company among these ids (unknown ids are left out).</summary>
    /// <param name="customerIds">The customers wanted.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<CustomerDto>> GetCustomersAsync(IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken);

    /// <summary>The balances on a date of every customer that has an open item then, one line per currency each.</summary>
    /// <param name="asOf">The business date.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<CustomerBalanceDto>> GetBalancesAsync(DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>
    /// Units of <paramref name="toCurrency"/> for one unit of <paramref name="fromCurrency"/> on a date, from the company's exchange
    /// rates (the latest direct rate dated on or before it, else the inverse of the opposite one); 1 for one currency; null when none is known.
    /// </summary>
    /// <param name="fromCurrency">The ISO 4217 code converted from.</param>
    /// <param name="toCurrency">The ISO 4217 code converted to.</param>
    /// <param name="asOf">The business date.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<decimal?> GetExchangeRateAsync(string fromCurrency, string toCurrency, DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>Every customer account of the company with its classification and its balances on a date, by reference.</summary>
    /// <param name="asOf">The business date of the balances.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<CustomerAccountDto>> ListCustomerAccountsAsync(DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>One customer account with its classification and balances on a date; null when it does not exist in the company.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="asOf">The business date of the balances.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<CustomerAccountDto?> GetCustomerAccountAsync(Guid customerId, DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>The company's invoices due in a date range, with when they were settled: the history a procedure is back-tested on.</summary>
    /// <param name="from">The first due date included.</param>
    /// <param name="to">The last due date included.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<InvoiceHistoryDto>> ListInvoicesDueAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>
    /// What was taken off these items by allocations (payments, credit notes, write-offs) dated up to a date, each with its date:
    /// the history late-payment interest is dated by.
    /// </summary>
    /// <param name="itemIds">The items (of the company in the request context).</param>
    /// <param name="asOf">The last allocation date included.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per allocation, by item then date.</returns>
    Task<IReadOnlyList<ItemSettlementDto>> GetSettlementsAsync(IReadOnlyCollection<Guid> itemIds, DateOnly asOf, CancellationToken cancellationToken);
}

/// <summary>An amount taken off an item on a date.</summary>
/// <param name="ItemId">The item settled (the allocation's target).</param>
/// <param name="Date">The allocation's date.</param>
/// <param name="Amount">What it took off the item, in the item's currency.</param>
public sealed record ItemSettlementDto(Guid ItemId, DateOnly Date, decimal Amount);

/// <summary>An invoice as it happened: issued, due, and settled (or not yet).</summary>
/// <param name="InvoiceId">The invoice.</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="Reference">Its reference.</param>
/// <param name="Amount">Its original amount.</param>
/// <param name="IssueDate">Its issue date.</param>
/// <param name="DueDate">Its due date.</param>
/// <param name="SettledDate">When it was settled in full; null while it is open.</param>
/// <param name="Disputed">Whether it is disputed now.</param>
public sealed record InvoiceHistoryDto(Guid InvoiceId, Guid CustomerId, string Reference, Money Amount, DateOnly IssueDate, DateOnly DueDate, DateOnly? SettledDate, bool Disputed);

/// <summary>A customer account as other modules need it.</summary>
/// <param name="Id">The customer.</param>
/// <param name="Reference">Its reference, unique in the company.</param>
/// <param name="Name">Its name.</param>
/// <param name="Currency">The ISO 4217 currency of its account.</param>
/// <param name="ParentCustomerId">The head of its group, if it belongs to one.</param>
public sealed record CustomerDto(Guid Id, string Reference, string Name, string Currency, Guid? ParentCustomerId);

/// <summary>A customer account as other modules classify it (procedure assignment, scoring).</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Reference">Its reference, unique in the company.</param>
/// <param name="Name">Its name.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country, if known.</param>
/// <param name="Segment">The company's segment for it (e.g. SME, Large), if set.</param>
/// <param name="RiskClass">Its risk class, if set.</param>
/// <param name="LegalEntityCode">The company's legal entity that holds the account, if set.</param>
/// <param name="Currency">The account's currency.</param>
/// <param name="Balances">Its balances on the date, one per currency (none when nothing is open).</param>
public sealed record CustomerAccountDto(
    Guid CustomerId, string Reference, string Name, string? Country, string? Segment, string? RiskClass, string? LegalEntityCode, string Currency,
    IReadOnlyList<CurrencyBalanceDto> Balances);

/// <summary>An item open on a date.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Type">Invoice, CreditNote, Payment or Adjustment.</param>
/// <param name="Reference">Its reference.</param>
/// <param name="IssueDate">Its issue date.</param>
/// <param name="DueDate">Its due date, if it has one.</param>
/// <param name="Amount">Its original amount.</param>
/// <param name="OpenAmount">What is still open on the date (for credits: what is not yet allocated).</param>
/// <param name="DaysPastDue">Days past the due date on the date (0 when not due).</param>
/// <param name="Disputed">Whether the customer disputes it.</param>
public sealed record OpenItemDto(
    Guid ItemId, string Type, string Reference, DateOnly IssueDate, DateOnly? DueDate, Money Amount, Money OpenAmount, int DaysPastDue, bool Disputed);

/// <summary>A customer's balance on a date, per currency.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="AsOf">The business date.</param>
/// <param name="Currencies">One line per currency: never summed across currencies.</param>
public sealed record CustomerBalanceDto(Guid CustomerId, DateOnly AsOf, IReadOnlyList<CurrencyBalanceDto> Currencies);

/// <summary>A customer's balance in one currency.</summary>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="OpenDebits">Open invoices and adjustments.</param>
/// <param name="Overdue">The part of the open debits past due.</param>
/// <param name="UnappliedCredits">Unapplied payments and unused credit notes.</param>
/// <param name="Balance">Open debits minus unapplied credits.</param>
public sealed record CurrencyBalanceDto(string Currency, decimal OpenDebits, decimal Overdue, decimal UnappliedCredits, decimal Balance);
