using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Receivables.Domain;

/// <summary>A debtor account of the company; its reference is unique within the company.</summary>
internal sealed class Customer : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public required string Reference { get; set; }

    public required string Name { get; set; }

    public string? Siren { get; set; }

    public string? Siret { get; set; }

    public string? VatNumber { get; set; }

    public string? Country { get; set; }

    public string? Language { get; set; }

    public required string Currency { get; set; }

    public int PaymentTermsDays { get; set; }

    public string? Segment { get; set; }

    public string? RiskClass { get; set; }

    /// <summary>The head of the group this customer belongs to (groups consolidate their subsidiaries).</summary>
    public Guid? ParentCustomerId { get; set; }

    /// <summary>The code of the company's legal entity that holds this account.</summary>
    public string? LegalEntityCode { get; set; }

    public string? AccountManager { get; set; }

    public long Version { get; set; }
}

internal enum ContactRole
{
    Billing,
    Accounting,
    Purchasing,
}

internal enum ContactChannel
{
    Email,
    Phone,
    Letter,
    Sms,
}

/// <summary>A person to contact at a customer; the contacts of a customer are replaced together.</summary>
internal sealed class CustomerContact : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; init; }

    public required string Name { get; init; }

    public ContactRole Role { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public ContactChannel PreferredChannel { get; init; }
}
