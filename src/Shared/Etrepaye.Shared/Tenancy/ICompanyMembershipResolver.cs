using System.Security.Claims;

namespace Etrepaye.Shared.Tenancy;

/// <summary>
/// Answers which roles the authenticated principal holds in a company (none when it is not a member).
/// Implemented by the Access module, used by the company access middleware on every company-scoped request.
/// </summary>
public interface ICompanyMembershipResolver
{
    Task<IReadOnlySet<CompanyRole>> GetRolesAsync(ClaimsPrincipal principal, Guid companyId, CancellationToken cancellationToken);
}
