using Etrepaye.Workflows.Calendars;

namespace Etrepaye.Workflows.Tests.Calendars;

public sealed class BusinessCalendarTests
{
    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2038, 4, 25)]
    public void EasterSunday_WhenComputed_MatchesKnownDates(int year, int month, int day)
    {
        FrenchPublicHolidays.EasterSunday(year).ShouldBe(new DateOnly(year, month, day));
    }

    [Fact]
    public void FrenchHolidays_WhenListedFor2025_IncludeTheMovableFeasts()
    {
        var holidays = FrenchPublicHolidays.For(2025).ToDictionary(h => h.Name, h => h.Date);

        holidays.Count.ShouldBe(11);
        holidays["Lundi de Pâques"].ShouldBe(new DateOnly(2025, 4, 21));
        holidays["Ascension"].ShouldBe(new DateOnly(2025, 5, 29));
        holidays["Lundi de Pentecôte"].ShouldBe(new DateOnly(2025, 6, 9));
        holidays["Fête nationale"].ShouldBe(new DateOnly(2025, 7, 14));
        FrenchPublicHolidays.For(2025, alsaceMoselle: true).Count.ShouldBe(13);
    }

    [Fact]
    public void AddBusinessDays_WhenCrossingEasterMonday_SkipsWeekendAndHoliday()
    {
        var calendar = BusinessCalendar.France();

        calendar.AddBusinessDays(new DateOnly(2025, 4, 18), 1).ShouldBe(new DateOnly(2025, 4, 22));
        calendar.AddBusinessDays(new DateOnly(2025, 4, 18), 3).ShouldBe(new DateOnly(2025, 4, 24));
        calendar.AddBusinessDays(new DateOnly(2025, 4, 22), -1).ShouldBe(new DateOnly(2025, 4, 18));
    }

    [Fact]
    public void AddBusinessDays_WhenCompanyClosesABridgeDay_SkipsIt()
    {
        var calendar = BusinessCalendar.France().WithClosedDays("acme", [new DateOnly(2025, 5, 30)]);

        calendar.IsBusinessDay(new DateOnly(2025, 5, 30)).ShouldBeFalse();
        calendar.AddBusinessDays(new DateOnly(2025, 5, 28), 1).ShouldBe(new DateOnly(2025, 6, 2));
        BusinessCalendar.France().AddBusinessDays(new DateOnly(2025, 5, 28), 1).ShouldBe(new DateOnly(2025, 5, 30));
    }

    [Fact]
    public void BusinessDaysBetween_WhenMayHolidays_CountsWorkingDaysOnly()
    {
        BusinessCalendar.France().BusinessDaysBetween(new DateOnly(2025, 4, 30), new DateOnly(2025, 5, 9)).ShouldBe(5);
    }

    [Fact]
    public void Registry_WhenCalendarIsUnknown_FallsBackToDefault()
    {
        var registry = CalendarRegistry.WithFrance().Add(BusinessCalendar.WeekdaysOnly("acme"));

        registry.Get("acme").IsBusinessDay(new DateOnly(2025, 5, 1)).ShouldBeTrue();
        registry.Get("unknown").IsBusinessDay(new DateOnly(2025, 5, 1)).ShouldBeFalse();
    }
}
