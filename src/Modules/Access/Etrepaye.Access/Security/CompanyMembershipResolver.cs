using System.Security.Claims;
using Etrepaye.Access.Data;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Security;

internal sealed class CompanyMembershipResolver(AccessDbContext db, AccessCache cache) : ICompanyMembershipResolver
{
    private static readonly IReadOnlySet<CompanyRole> _none = new HashSet<CompanyRole>();

    public async Task<IReadOnlySet<CompanyRole>> GetRolesAsync(ClaimsPrincipal principal, Guid companyId, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(EtrepayeClaims.ApiKeyCompanyClaim) is { } keyCompany)
        {
            return Guid.TryParse(keyCompany, out var id) && id == companyId
                && Enum.TryParse<CompanyRole>(principal.FindFirstValue(EtrepayeClaims.ApiKeyRoleClaim), out var role)
                ? new HashSet<CompanyRole> { role }
                : _none;
        }

        if (principal.GetUserId() is not { } userId)
        {
            return _none;
        }

        if (cache.TryGetRoles(userId, companyId, out var cached))
        {
            return cached;
        }

        var roles = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.CompanyId == companyId && m.UserId == userId)
            .Select(m => m.Roles)
            .SingleOrDefaultAsync(cancellationToken);
        if (roles is null || roles.Count == 0)
        {
            return _none;
        }

        cache.KeepRoles(userId, companyId, roles);
        return roles;
    }
}
