using System.Security.Claims;
using Etrepaye.Access.Data;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Security;

internal sealed class CompanyMembershipResolver(AccessDbContext db) : ICompanyMembershipResolver
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

        // Checked on every request against the database, so a removed membership takes effect at once.
        var roles = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.CompanyId == companyId && m.UserId == userId)
            .Select(m => m.Roles)
            .SingleOrDefaultAsync(cancellationToken);
        return roles ?? _none;
    }
}
