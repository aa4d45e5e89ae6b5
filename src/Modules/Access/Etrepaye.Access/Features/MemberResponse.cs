using Etrepaye.Access.Data;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Features;

public sealed record MemberResponse(Guid MembershipId, Guid UserId, string Email, string DisplayName, IReadOnlyList<CompanyRole> Roles, long Version);

internal static class MembershipRules
{
    public const string LastAdministratorCode = "last-administrator";

    /// <summary>Whether someone other than this membership administers the company (a company never loses its last one).</summary>
    public static async Task<bool> OtherAdministratorExistsAsync(AccessDbContext db, Guid membershipId, CancellationToken cancellationToken)
    {
        // Roles are one text column; a company has few members, so they are compared in memory.
        var others = await db.Memberships.AsNoTracking().Where(m => m.Id != membershipId).Select(m => m.Roles).ToListAsync(cancellationToken);
        return others.Any(roles => roles.Contains(CompanyRole.Administrator));
    }
}
