using Etrepaye.Receivables.Ledger;

namespace Etrepaye.UnitTests.Receivables;

public sealed class OverdueCheckScheduleTests
{
    private static readonly DateTimeOffset _now = new(2026, 11, 24, 22, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Europe/Paris", "2026-11-24T23:00:00Z")]
    [InlineData("America/New_York", "2026-11-25T05:00:00Z")]
    [InlineData("Asia/Tokyo", "2026-11-25T15:00:00Z")]
    [InlineData("UTC", "2026-11-25T00:00:00Z")]
    [InlineData("Not/AZone", "2026-11-25T00:00:00Z")]
    public void NextMidnight_WhenGivenAZone_IsTheNextLocalMidnightInUtc(string zone, string expected) =>
        OverdueCheckSchedule.NextMidnight(_now, zone).ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void NextMidnight_WhenClocksJumpForwardAtMidnight_IsTheFirstValidLocalTime()
    {
        // Brazil's summer time began at midnight on 4 November 2018: the day started at 01:00 local (UTC−2).
        var next = OverdueCheckSchedule.NextMidnight(new DateTimeOffset(2018, 11, 3, 12, 0, 0, TimeSpan.Zero), "America/Sao_Paulo");

        next.ShouldBe(new DateTimeOffset(2018, 11, 4, 3, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Delay_WhenSeveralZones_SleepsUntilTheEarliestMidnightPlusASecond() =>
        OverdueCheckSchedule.Delay(_now, ["America/New_York", "Europe/Paris", "Europe/Paris"]).ShouldBe(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1));

    [Fact]
    public void Delay_WhenTheNextMidnightIsFar_IsCappedSoNewCompaniesAreSeen() =>
        OverdueCheckSchedule.Delay(_now, ["Asia/Tokyo"]).ShouldBe(OverdueCheckSchedule.MaxSleep);

    [Fact]
    public void Delay_WhenNoCompanyExists_IsTheCap() =>
        OverdueCheckSchedule.Delay(_now, []).ShouldBe(OverdueCheckSchedule.MaxSleep);
}
