using Etrepaye.Access.Contracts;
using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;

namespace Etrepaye.Access.Domain;

/// <summary>A tenant: a company (or group) whose credit management runs in Etrepaye.</summary>
internal sealed class Company : IAudited, IVersioned
{
    public Guid Id { get; init; }

    public required string Name { get; set; }

    /// <summary>ISO 3166-1 alpha-2 country, e.g. "FR" (drives public holidays and legal rules).</summary>
    public required string Country { get; set; }

    /// <summary>ISO 4217 reporting currency.</summary>
    public required string Currency { get; set; }

    /// <summary>IANA time zone; business dates (due dates, "overdue since") are dates in this zone.</summary>
    public required string TimeZone { get; set; }

    /// <summary>Default interface and letter language ("fr" or "en").</summary>
    public required string Language { get; set; }

    /// <summary>The calendar business days start from; the company's <see cref="ClosedDay"/>s are closed on top of it.</summary>
    public BaseCalendar BaseCalendar { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public long Version { get; set; }
}

/// <summary>A legal entity of the company's group: the creditor named on invoices and letters.</summary>
internal sealed class LegalEntity : Etrepaye.Shared.Tenancy.ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>French SIREN (9 digits) when the entity is French.</summary>
    public string? Siren { get; set; }

    public string? VatNumber { get; set; }

    /// <summary>Share capital, a mandatory mention on French business letters ("SAS au capital de …").</summary>
    public decimal? ShareCapitalAmount { get; set; }

    public string? ShareCapitalCurrency { get; set; }

    public string? Address { get; set; }

    public long Version { get; set; }
}
