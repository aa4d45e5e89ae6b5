namespace Etrepaye.Guarantees.Contracts;

/// <summary>The cover guarantees and credit insurance give on a customer's receivables (for exposure and credit limits).</summary>
public interface IGuaranteeCover
{
    /// <summary>
    /// The valid cover of a customer on a date, converted into <paramref name="currency"/> with the company's exchange rates:
    /// active guarantees on the customer (and group guarantees on its group head) whose validity includes the date, less what was
    /// called on them, plus each insured limit in force on the date times its policy's coverage percentage. Null when the
    /// customer does not exist in the company. The company must be the one of the current request context.
    /// </summary>
    /// <param name="companyId">The company.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="date">The business date.</param>
    /// <param name="currency">The ISO 4217 currency of the result (the customer's own currency is the usual choice).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<CoverDto?> GetCoverAsync(Guid companyId, Guid customerId, DateOnly date, string currency, CancellationToken cancellationToken);

    /// <summary>
    /// The valid cover of several customers taken together (the members of a group under one credit limit): the sources each
    /// of them has by <see cref="GetCoverAsync"/>, each guarantee or insured limit counted once, in a fixed number of queries
    /// whatever the number of customers. Customers that do not exist in the company add nothing.
    /// </summary>
    /// <param name="companyId">The company.</param>
    /// <param name="groupId">The customer the result is reported for (the group's limit customer).</param>
    /// <param name="customerIds">The customers whose cover is added up.</param>
    /// <param name="date">The business date.</param>
    /// <param name="currency">The ISO 4217 currency of the result.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<CoverDto> GetGroupCoverAsync(
        Guid companyId, Guid groupId, IReadOnlyCollection<Guid> customerIds, DateOnly date, string currency, CancellationToken cancellationToken);
}

/// <summary>A customer's cover on a date.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="AsOf">The business date.</param>
/// <param name="Currency">The currency of <paramref name="Total"/> and of each line's converted amount.</param>
/// <param name="Total">The sum of the lines that could be converted.</param>
/// <param name="Lines">One line per guarantee or insured limit that covers on the date.</param>
/// <param name="MissingRates">Currency pairs ("USD/EUR") without a known rate on the date: their lines are left out of the total.</param>
public sealed record CoverDto(Guid CustomerId, DateOnly AsOf, string Currency, decimal Total, IReadOnlyList<CoverLineDto> Lines, IReadOnlyList<string> MissingRates);

/// <summary>One source of cover.</summary>
/// <param name="Source">Guarantee or InsuredLimit.</param>
/// <param name="Id">The guarantee or the insured limit.</param>
/// <param name="Type">The guarantee's type, or InsuredLimit.</param>
/// <param name="Issuer">The bank, parent company or insurer.</param>
/// <param name="OriginalAmount">What covers in its own currency (a guarantee less its calls; a limit times the coverage percentage).</param>
/// <param name="OriginalCurrency">The currency of <paramref name="OriginalAmount"/>.</param>
/// <param name="Rate">The rate used, null when none is known.</param>
/// <param name="Amount">The converted amount, null when no rate is known.</param>
/// <param name="ValidUntil">The last day it covers, if it has one.</param>
public sealed record CoverLineDto(
    string Source, Guid Id, string Type, string Issuer, decimal OriginalAmount, string OriginalCurrency, decimal? Rate, decimal? Amount, DateOnly? ValidUntil);
