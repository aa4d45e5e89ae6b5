namespace Etrepaye.Receivables.Contracts;

/// <summary>What other modules need to write to a customer, for the company in the current request context.</summary>
public interface ICustomerDocuments
{
    /// <summary>The customer's language, account manager and contacts; null when the customer does not exist in the company.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<CustomerContactDetailsDto?> GetContactDetailsAsync(Guid customerId, CancellationToken cancellationToken);

    /// <summary>The contact details of several customers in two queries (a batch of reminders); customers not in the company are left out.</summary>
    /// <param name="customerIds">The customers.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyDictionary<Guid, CustomerContactDetailsDto>> GetContactDetailsOfCustomersAsync(IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken);

    /// <summary>
    /// Customers' statements of account as PDFs, each the one <c>…/customers/{id}/statement.pdf</c> serves, in the order asked: the
    /// customers and their open items are read for all of them at once (one read of the customers, one of the items per distinct
    /// date), so a batch of reminders costs the same few queries as one. Fails (not found) when a customer is not in the company.
    /// </summary>
    /// <param name="requests">The statements to render.</param>
    /// <param name="cancellationToken">Cancels the rendering.</param>
    Task<IReadOnlyList<StatementFileDto>> RenderStatementPdfsAsync(IReadOnlyList<StatementPdfRequest> requests, CancellationToken cancellationToken);
}

/// <summary>A customer's statement to render.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="AsOf">The business date.</param>
/// <param name="Language">fr or en; null for the customer's language.</param>
public sealed record StatementPdfRequest(Guid CustomerId, DateOnly AsOf, string? Language);

/// <summary>How to reach a customer.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Reference">Its reference.</param>
/// <param name="Name">Its name.</param>
/// <param name="Language">Its language (e.g. fr, en), if known.</param>
/// <param name="Country">Its ISO 3166-1 alpha-2 country, if known.</param>
/// <param name="AccountManager">The company's account manager for it (a name or an e-mail address), if set.</param>
/// <param name="Contacts">Its contacts, billing contacts first.</param>
public sealed record CustomerContactDetailsDto(
    Guid CustomerId, string Reference, string Name, string? Language, string? Country, string? AccountManager, IReadOnlyList<CustomerContactDto> Contacts);

/// <summary>A person to contact at a customer.</summary>
/// <param name="Name">The person.</param>
/// <param name="Role">Billing, Accounting or Purchasing.</param>
/// <param name="Email">The e-mail address, if any.</param>
/// <param name="Phone">The phone number, if any.</param>
/// <param name="PreferredChannel">Email, Phone, Letter or Sms.</param>
public sealed record CustomerContactDto(string Name, string Role, string? Email, string? Phone, string PreferredChannel);

/// <summary>A rendered file.</summary>
/// <param name="FileName">Its file name.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Content">Its bytes.</param>
public sealed record StatementFileDto(string FileName, string ContentType, byte[] Content);
