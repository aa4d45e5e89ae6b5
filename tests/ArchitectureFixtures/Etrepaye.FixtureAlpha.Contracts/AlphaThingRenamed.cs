using Etrepaye.Shared;
using Etrepaye.Shared.Contracts;

namespace Etrepaye.FixtureAlpha.Contracts;

/// <summary>An integration event whose factory uses Etrepaye.Shared: the Contracts assembly then depends on it.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="ThingId">The renamed thing.</param>
public sealed record AlphaThingRenamed(Guid CompanyId, Guid ThingId) : IIntegrationEvent
{
    /// <summary>Makes the event for a new thing.</summary>
    /// <param name="companyId">The company.</param>
    /// <param name="timeProvider">The clock the id is made from.</param>
    /// <returns>The event.</returns>
    public static AlphaThingRenamed ForNewThing(Guid companyId, TimeProvider timeProvider) => new(companyId, Ids.New(timeProvider));
}
