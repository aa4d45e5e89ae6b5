using Etrepaye.Access.Contracts;
using Etrepaye.Access.Data;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Setup;

internal sealed class CompanyDirectory(AccessDbContext db) : ICompanyDirectory
{
    public Task<CompanyInfo?> FindAsync(Guid companyId, CancellationToken cancellationToken) =>
        db.Companies.AsNoTracking()
            .Where(c => c.Id == companyId)
            .Select(c => new CompanyInfo(c.Id, c.Name, c.Country, c.Currency, c.TimeZone, c.Language))
            .SingleOrDefaultAsync(cancellationToken);
}
