using Etrepaye.Shared.Contracts;

namespace Etrepaye.UnitTests;

public sealed class MoneyTests
{
    [Fact]
    public void Add_WhenCurrenciesMatch_SumsAmounts()
    {
        var total = Money.Of(1200.50m, "EUR") + Money.Of(99.50m, "EUR");

        total.ShouldBe(new Money(1300.00m, "EUR"));
    }

    [Fact]
    public void Add_WhenCurrenciesDiffer_ThrowsInsteadOfMixingThem()
    {
        Should.Throw<CurrencyMismatchException>(() => Money.Of(10m, "EUR") + Money.Of(10m, "USD"));
        Should.Throw<CurrencyMismatchException>(() => Money.Of(10m, "EUR") > Money.Of(5m, "GBP"));
    }

    [Fact]
    public void ConvertTo_WhenRateIsGiven_GivesTheAmountInTheTargetCurrency()
    {
        var dollars = Money.Of(100m, "USD").ConvertTo("EUR", 0.92m);

        dollars.ShouldBe(new Money(92m, "EUR"));
        Should.Throw<ArgumentOutOfRangeException>(() => Money.Of(100m, "USD").ConvertTo("EUR", 0m));
    }

    [Theory]
    [InlineData(10.005, "EUR", 10.01)]
    [InlineData(-10.005, "EUR", -10.01)]
    [InlineData(1234.5, "JPY", 1235)]
    [InlineData(1.2345, "KWD", 1.235)]
    public void Round_WhenAmountHasMoreDecimalsThanTheCurrency_RoundsHalfAwayFromZero(double amount, string currency, double expected)
    {
        new Money((decimal)amount, currency).Round().Amount.ShouldBe((decimal)expected);
    }

    [Fact]
    public void Of_WhenCurrencyIsUnknown_Throws()
    {
        Should.Throw<ArgumentException>(() => Money.Of(1m, "EUX"));
    }

    [Theory]
    [InlineData("EUR", true)]
    [InlineData("XOF", true)]
    [InlineData("eur", false)]
    [InlineData("EURO", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsKnown_WhenCodeIsChecked_AcceptsOnlyActiveIsoCodes(string? code, bool known)
    {
        Currency.IsKnown(code).ShouldBe(known);
    }
}
