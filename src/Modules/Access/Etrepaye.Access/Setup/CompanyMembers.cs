using Etrepaye.Access.Contracts;
using Etrepaye.Access.Data;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Setup;

internal sealed class CompanyMembers(AccessDbContext db) : ICompanyMembers
{
    public async Task<IReadOnlyList<CompanyMemberInfo>> FindByEmailsAsync(IReadOnlyCollection<string> emails, CancellationToken cancellationToken)
    {
        var normalized = emails.Select(e => e.Trim().ToUpperInvariant()).Distinct().ToList();
        return await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u)
            .Where(u => u.NormalizedEmail != null && normalized.Contains(u.NormalizedEmail))
            .Select(u => new CompanyMemberInfo(u.Id, u.Email!, u.DisplayName))
            .ToListAsync(cancellationToken);
    }
}
