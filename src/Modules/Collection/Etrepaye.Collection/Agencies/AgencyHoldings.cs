using Etrepaye.Collection.Data;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Agencies;

/// <summary>Whether an agency holds a case: the company does not dun a case while an agency holds it.</summary>
internal interface IAgencyHoldings
{
    Task<bool> IsHeldAsync(Guid caseId, CancellationToken cancellationToken);
}

internal sealed class AgencyHoldings(CollectionDbContext db) : IAgencyHoldings
{
    public Task<bool> IsHeldAsync(Guid caseId, CancellationToken cancellationToken) =>
        db.AgencyCases.AnyAsync(c => c.HeldCaseId == caseId, cancellationToken);
}
