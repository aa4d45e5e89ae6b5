namespace Etrepaye.Shared.Contracts;

/// <summary>
/// An amount in one currency. Adding or comparing amounts of different currencies is an error:
/// convert them explicitly with an exchange rate first.
/// </summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    /// <summary>Zero in the given currency.</summary>
    public static Money Zero(string currency) => new(0m, currency);

    /// <summary>Creates an amount after checking the currency code.</summary>
    public static Money Of(decimal amount, string currency)
    {
        Contracts.Currency.Parse(currency);
        return new Money(amount, currency);
    }

    /// <summary>Sum of two amounts of the same currency.</summary>
    public static Money operator +(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return left with { Amount = left.Amount + right.Amount };
    }

    /// <summary>Difference of two amounts of the same currency.</summary>
    public static Money operator -(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return left with { Amount = left.Amount - right.Amount };
    }

    /// <summary>Scales an amount (a rate, a percentage, a number of days ÷ 365).</summary>
    public static Money operator *(Money money, decimal factor) => money with { Amount = money.Amount * factor };

    /// <summary>Compares two amounts of the same currency.</summary>
    public static bool operator >(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return left.Amount > right.Amount;
    }

    /// <summary>Compares two amounts of the same currency.</summary>
    public static bool operator <(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return left.Amount < right.Amount;
    }

    /// <summary>Compares two amounts of the same currency.</summary>
    public static bool operator >=(Money left, Money right) => !(left < right);

    /// <summary>Compares two amounts of the same currency.</summary>
    public static bool operator <=(Money left, Money right) => !(left > right);

    /// <summary>Whether the amount is negative.</summary>
    public bool IsNegative => Amount < 0m;

    /// <summary>Converts to another currency at <paramref name="rate"/> units of the target per unit of this currency.</summary>
    public Money ConvertTo(string targetCurrency, decimal rate)
    {
        if (rate <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "An exchange rate must be positive.");
        }

        return Of(Amount * rate, targetCurrency);
    }

    /// <summary>Rounds to the currency's minor unit, half away from zero (commercial rounding).</summary>
    public Money Round() => this with { Amount = Math.Round(Amount, Contracts.Currency.Parse(Currency).MinorUnits, MidpointRounding.AwayFromZero) };

    /// <inheritdoc />
    public override string ToString() => $"{Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Currency}";

    private static void EnsureSameCurrency(Money left, Money right)
    {
        if (!string.Equals(left.Currency, right.Currency, StringComparison.Ordinal))
        {
            throw new CurrencyMismatchException(left.Currency, right.Currency);
        }
    }
}

/// <summary>Raised when amounts of two currencies are combined without an explicit conversion.</summary>
public sealed class CurrencyMismatchException(string left, string right)
    : InvalidOperationException($"Cannot combine amounts in {left} and {right} without converting one of them.");
