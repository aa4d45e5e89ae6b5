using Etrepaye.FixtureAlpha.Contracts;
using Etrepaye.FixtureBeta;

namespace Etrepaye.FixtureAlpha;

/// <summary>The registration class (allowed), which uses module FixtureBeta's implementation (rule 1 violation).</summary>
public static class FixtureAlphaModule
{
    public static int LedgerCount(BetaLedger ledger) => ledger.Count;

    public static AlphaThingRenamed Renamed(Guid companyId) => AlphaThingRenamed.ForNewThing(companyId, TimeProvider.System);
}
