using Etrepaye.Shared.Contracts;

namespace Etrepaye.Access.Contracts;

/// <summary>A company (tenant) was created; modules set up their per-company defaults.</summary>
/// <param name="CompanyId">The new company.</param>
/// <param name="Name">Its name.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country.</param>
/// <param name="Currency">ISO 4217 reporting currency.</param>
/// <param name="TimeZone">IANA time zone of its business dates.</param>
public sealed record CompanyCreated(Guid CompanyId, string Name, string Country, string Currency, string TimeZone) : IIntegrationEvent;

/// <summary>A user's membership of a company was removed; work assigned to them there must be handed on.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="UserId">The user who left it.</param>
public sealed record MemberRemoved(Guid CompanyId, Guid UserId) : IIntegrationEvent;

/// <summary>A company's settings were changed by an administrator; modules that keep a copy of one follow it.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="Name">Its name.</param>
/// <param name="Currency">ISO 4217 reporting currency.</param>
/// <param name="TimeZone">IANA time zone of its business dates.</param>
/// <param name="Language">Default language ("fr" or "en").</param>
public sealed record CompanySettingsChanged(Guid CompanyId, string Name, string Currency, string TimeZone, string Language) : IIntegrationEvent;
