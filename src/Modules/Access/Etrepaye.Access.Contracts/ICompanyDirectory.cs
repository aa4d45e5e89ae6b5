namespace Etrepaye.Access.Contracts;

/// <summary>A company's identity and settings, as other modules need them.</summary>
/// <param name="Id">The company.</param>
/// <param name="Name">Its name.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country.</param>
/// <param name="Currency">ISO 4217 reporting currency.</param>
/// <param name="TimeZone">IANA time zone in which its business dates are counted.</param>
/// <param name="Language">Default language ("fr" or "en").</param>
public sealed record CompanyInfo(Guid Id, string Name, string Country, string Currency, string TimeZone, string Language);

/// <summary>Read-only access to companies for other modules.</summary>
public interface ICompanyDirectory
{
    /// <summary>The company, or null when it does not exist.</summary>
    Task<CompanyInfo?> FindAsync(Guid companyId, CancellationToken cancellationToken);
}
