using System.Net.Http.Json;
using Etrepaye.Access.Contracts;
using Etrepaye.Access.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features.GetReceivablesSettings;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Access;

public sealed class CompanyClockTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task CompanyDay_WhenTheCompanyIsNotFrench_UsesItsTimeZoneAndAWeekdaysCalendar()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var belgian = await (await admin.PostJsonAsync("/api/companies", new { name = "Brussels Trading", country = "BE", currency = "EUR", timeZone = "Europe/Brussels" }))
            .ReadAsync<CompanyResponse>();
        var clock = _factory.Services.GetRequiredService<ICompanyClock>();

        var brussels = await clock.DayAsync(belgian.Id, CancellationToken.None);
        var paris = await clock.DayAsync(EtrepayeFactory.DemoCompanyId, CancellationToken.None);

        (brussels.TimeZone, brussels.CalendarId, brussels.Currency).ShouldBe(("Europe/Brussels", $"company:{belgian.Id}", "EUR"));
        (await clock.CalendarAsync(belgian.Id, CancellationToken.None)).BaseCalendarId.ShouldBe("weekdays");
        (paris.TimeZone, paris.CalendarId).ShouldBe(("Europe/Paris", $"company:{EtrepayeFactory.DemoCompanyId}"));
        (await clock.CalendarAsync(EtrepayeFactory.DemoCompanyId, CancellationToken.None)).BaseCalendarId.ShouldBe("FR");
        paris.Today.ShouldBe(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime));
    }

    [Fact]
    public async Task UpdateCompany_WhenTheTimeZoneChanges_TheClockAndTheLedgerFollowIt()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var company = await (await admin.PostJsonAsync("/api/companies", new { name = "Moving Co", country = "FR", currency = "EUR", timeZone = "Europe/Paris" }))
            .ReadAsync<CompanyResponse>();
        var clock = _factory.Services.GetRequiredService<ICompanyClock>();
        (await clock.DayAsync(company.Id, CancellationToken.None)).TimeZone.ShouldBe("Europe/Paris");

        // Kiritimati is UTC+14: on most hours of the day its date differs from Paris's, which the cache would hide.
        var updated = await admin.PutAsJsonAsync(
            $"/api/companies/{company.Id}", new { name = company.Name, currency = "EUR", timeZone = "Pacific/Kiritimati", language = "fr", version = company.Version }, Json.Options);
        await updated.ReadAsync<CompanyResponse>();

        var day = await clock.DayAsync(company.Id, CancellationToken.None);
        day.TimeZone.ShouldBe("Pacific/Kiritimati");
        day.Today.ShouldBe(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati")).DateTime));
        await Wait.Eventually(
            // The ledger's settings of a new company are created from its CompanyCreated event: a 404 until it is delivered.
            async () => await admin.GetAsync($"/api/companies/{company.Id}/receivables/settings") is { IsSuccessStatusCode: true } settings
                && (await settings.ReadAsync<ReceivablesSettingsResponse>()).TimeZone == "Pacific/Kiritimati",
            "the ledger's copy of the time zone, read by the daily overdue check, follows the company's");
    }
}
