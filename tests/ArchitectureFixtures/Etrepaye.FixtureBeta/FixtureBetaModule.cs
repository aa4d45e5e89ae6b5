namespace Etrepaye.FixtureBeta;

/// <summary>Allowed: the registration class, public and static.</summary>
public static class FixtureBetaModule
{
    public static BetaStatusResponse Status(IEnumerable<int> amounts) => new(BetaTotals.Sum(amounts).Result);
}

/// <summary>Allowed: an HTTP response record.</summary>
public sealed record BetaStatusResponse(int Total, IReadOnlyList<BetaStatusLine>? Lines = null);

/// <summary>Allowed: a record an HTTP response record is made of.</summary>
public sealed record BetaStatusLine(string Label, BetaAmount Amount);

/// <summary>Allowed: reached through BetaStatusLine.</summary>
public sealed record BetaAmount(int Value);

/// <summary>Rule 3 violation: a public record that no HTTP record uses.</summary>
public sealed record BetaOrphan(int Value);

/// <summary>Rule 3 violation: public, but neither the registration class nor an HTTP record.</summary>
public sealed class BetaLedger
{
    public int Count { get; init; }
}

/// <summary>Rule 3 violation: named like an HTTP request, but a class rather than a record.</summary>
public sealed class BetaLookupRequest
{
    public string? Code { get; init; }
}

/// <summary>Rule 3 violation: internal but not sealed.</summary>
internal class BetaCalculator
{
    public virtual int Twice(int value) => value * 2;
}

/// <summary>Allowed: abstract, and its subclass is sealed.</summary>
internal abstract class BetaRuleBase
{
    public abstract bool Holds(int value);
}

internal sealed class PositiveBetaRule : BetaRuleBase
{
    public override bool Holds(int value) => value > 0;
}

/// <summary>Allowed: static. Its lambda and its async state machine are compiler-generated (and ignored) classes.</summary>
internal static class BetaTotals
{
    public static async Task<int> Sum(IEnumerable<int> amounts)
    {
        await Task.Yield();
        return amounts.Where(a => new PositiveBetaRule().Holds(a)).Sum();
    }
}
