using System.Net;
using System.Net.Http.Json;
using Etrepaye.Access.Contracts;
using Etrepaye.Access.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.IntegrationTests.Receivables;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;

namespace Etrepaye.IntegrationTests.Access;

/// <summary>A company's own business calendar: its base, its closed days, and the business-day counts that skip them.</summary>
public sealed class CompanyCalendarTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private static string Calendar(Guid companyId) => $"/api/companies/{companyId}/calendar";

    [Fact]
    public async Task Calendar_WhenTheAdministratorAddsAndRemovesClosedDays_ListsThemWithTheYearsDatesAndAuditsEachChange()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var company = await NewCompanyAsync(admin, "FR");

        var initial = await (await admin.GetAsync(Calendar(company))).ReadAsync<CompanyCalendarResponse>();
        (initial.BaseCalendar, initial.BaseCalendarId, initial.CalendarId).ShouldBe((BaseCalendar.PublicHolidays, "FR", $"company:{company}"));
        initial.ClosedDays.ShouldBeEmpty();

        var closure = await (await admin.PostJsonAsync($"{Calendar(company)}/closed-days", new { label = "Annual closure", from = "2026-08-10", to = "2026-08-21" }))
            .ReadAsync<ClosedDayResponse>();
        var stephen = await (await admin.PostJsonAsync($"{Calendar(company)}/closed-days", new { label = "Saint Étienne", month = 12, day = 26 }))
            .ReadAsync<ClosedDayResponse>();
        var duplicate = await (await admin.PostJsonAsync($"{Calendar(company)}/closed-days", new { label = "Bridge", from = "2026-08-14" }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        duplicate.ErrorFields().ShouldBe(["from"]);
        (await (await admin.PostJsonAsync($"{Calendar(company)}/closed-days", new { label = "Again", month = 12, day = 26 })).ShouldHaveStatusAsync(HttpStatusCode.BadRequest))
            .ErrorFields().ShouldBe(["day"]);

        var year = await (await admin.GetAsync($"{Calendar(company)}?year=2026")).ReadAsync<CompanyCalendarResponse>();
        year.ClosedDays.Select(d => d.Label).ShouldBe(["Annual closure", "Saint Étienne"], ignoreOrder: true);
        year.ClosedDates.Count.ShouldBe(13);
        year.ClosedDates.First().ShouldBe(new ClosedDateResponse(new DateOnly(2026, 8, 10), "Annual closure"));
        year.ClosedDates.Last().ShouldBe(new ClosedDateResponse(new DateOnly(2026, 12, 26), "Saint Étienne"));
        (await (await admin.GetAsync($"{Calendar(company)}?year=2027")).ReadAsync<CompanyCalendarResponse>()).ClosedDates
            .ShouldBe([new ClosedDateResponse(new DateOnly(2027, 12, 26), "Saint Étienne")]);

        var weekdays = await (await admin.PutAsJsonAsync(Calendar(company), new { baseCalendar = "WeekdaysOnly" }, Json.Options)).ReadAsync<CompanyCalendarResponse>();
        (weekdays.BaseCalendar, weekdays.BaseCalendarId).ShouldBe((BaseCalendar.WeekdaysOnly, "weekdays"));
        await (await admin.DeleteAsync($"{Calendar(company)}/closed-days/{stephen.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"{Calendar(company)}/closed-days/{stephen.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);

        var after = await (await admin.GetAsync($"{Calendar(company)}?year=2026")).ReadAsync<CompanyCalendarResponse>();
        after.ClosedDays.ShouldHaveSingleItem().Id.ShouldBe(closure.Id);
        after.ClosedDates.Count.ShouldBe(12);
        var audit = await (await admin.GetAsync($"/api/companies/{company}/audit?entityId={stephen.Id}")).ReadAsync<PagedResult<AuditEntryResponse>>();
        audit.Items.Select(a => a.Change).ShouldBe(["Deleted", "Added"]);
        audit.Items.ShouldAllBe(a => a.ActorId != null && a.ActorName.Length > 0);
        (await (await admin.GetAsync($"/api/companies/{company}/audit?entityId={company}")).ReadAsync<PagedResult<AuditEntryResponse>>())
            .Items.ShouldContain(a => a.Action == "SetBaseCalendarCommand" && a.After!.Contains("WeekdaysOnly"));
    }

    public static TheoryData<string, string> BadClosedDays => new()
    {
        { """{"label":"","from":"2026-08-10"}""", "label" },
        { """{"label":"   ","from":"2026-08-10"}""", "label" },
        { """{"label":"Closure"}""", "from" },
        { """{"label":"Closure","from":"1999-12-31"}""", "from" },
        { """{"label":"Closure","from":"2026-08-10","to":"2101-01-01"}""", "to" },
        { """{"label":"Closure","from":"2026-08-21","to":"2026-08-10"}""", "to" },
        { """{"label":"Closure","from":"2026-01-01","to":"2027-06-01"}""", "to" },
        { """{"label":"Closure","from":"2026-13-01"}""", "from" },
        { """{"label":"Closure","month":13,"day":1}""", "month" },
        { """{"label":"Closure","month":2,"day":30}""", "day" },
        { """{"label":"Closure","month":12}""", "day" },
        { """{"label":"Closure","from":"2026-12-26","month":12,"day":26}""", "from" },
    };

    [Theory]
    [MemberData(nameof(BadClosedDays))]
    public async Task AddClosedDay_WhenInputIsBad_Returns400NamingTheFieldAndWritesNothing(string body, string field)
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var company = EtrepayeFactory.DemoCompanyId;
        var before = (await (await admin.GetAsync(Calendar(company))).ReadAsync<CompanyCalendarResponse>()).ClosedDays.Count;
        var auditBefore = (await (await admin.GetAsync($"/api/companies/{company}/audit")).ReadAsync<PagedResult<AuditEntryResponse>>()).TotalCount;

        var problem = await (await admin.PostRawAsync($"{Calendar(company)}/closed-days", body)).ShouldHaveStatusAsync(HttpStatusCode.BadRequest);

        problem.ErrorFields().ShouldContain(field);
        (await (await admin.GetAsync(Calendar(company))).ReadAsync<CompanyCalendarResponse>()).ClosedDays.Count.ShouldBe(before);
        (await (await admin.GetAsync($"/api/companies/{company}/audit")).ReadAsync<PagedResult<AuditEntryResponse>>()).TotalCount.ShouldBe(auditBefore);
    }

    [Theory]
    [InlineData("""{"baseCalendar":"Lunar"}""", "baseCalendar")]
    [InlineData("""{}""", "baseCalendar")]
    public async Task SetBaseCalendar_WhenInputIsBad_Returns400NamingTheField(string body, string field)
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);

        var response = await admin.PutAsync(Calendar(EtrepayeFactory.DemoCompanyId), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        (await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain(field);
    }

    [Theory]
    [InlineData("year=1999")]
    [InlineData("year=abc")]
    public async Task GetCalendar_WhenTheYearIsBad_Returns400NamingIt(string query)
    {
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);

        var response = await viewer.GetAsync($"{Calendar(EtrepayeFactory.DemoCompanyId)}?{query}");

        (await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("year");
    }

    [Fact]
    public async Task Calendar_WhenCallerIsOnlyMemberOfAnotherCompany_Returns404AndChangesNothing()
    {
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var companyB = EtrepayeFactory.DemoClientCompanyId;

        await (await operatorOfA.GetAsync(Calendar(companyB))).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await operatorOfA.PostJsonAsync($"{Calendar(companyB)}/closed-days", new { label = "Closure", from = "2026-08-10" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await operatorOfA.PutAsJsonAsync(Calendar(companyB), new { baseCalendar = "WeekdaysOnly" }, Json.Options)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ChangeCalendar_WhenCallerIsNotAdministrator_Returns403ButMembersMayRead()
    {
        var company = EtrepayeFactory.DemoCompanyId;
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);
        var before = (await (await viewer.GetAsync(Calendar(company))).ReadAsync<CompanyCalendarResponse>()).ClosedDays;

        await (await manager.PostJsonAsync($"{Calendar(company)}/closed-days", new { label = "Closure", from = "2026-08-10" })).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await manager.PutAsJsonAsync(Calendar(company), new { baseCalendar = "WeekdaysOnly" }, Json.Options)).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await viewer.DeleteAsync($"{Calendar(company)}/closed-days/{Guid.NewGuid()}")).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);

        (await (await viewer.GetAsync(Calendar(company))).ReadAsync<CompanyCalendarResponse>()).ClosedDays.ShouldBe(before);
    }

    [Fact]
    public async Task BusinessDays_WhenTheCompanyClosesADay_TheCompanyClockCalendarSkipsItFromTheNextComputation()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var company = await NewCompanyAsync(admin, "FR");
        var clock = _factory.Services.GetRequiredService<ICompanyClock>();
        var calendars = _factory.Services.GetRequiredService<ICalendarProvider>();
        var friday = new DateOnly(2027, 3, 5);
        var day = await clock.DayAsync(company, CancellationToken.None);
        day.CalendarId.ShouldBe($"company:{company}");
        (await calendars.GetAsync(day.CalendarId, CancellationToken.None)).AddBusinessDays(friday, 1).ShouldBe(new DateOnly(2027, 3, 8));

        var closed = await (await admin.PostJsonAsync($"{Calendar(company)}/closed-days", new { label = "Inventory", from = "2027-03-08" })).ReadAsync<ClosedDayResponse>();

        (await clock.CalendarAsync(company, CancellationToken.None)).ClosedDatesIn(2027).ShouldBe([new DateOnly(2027, 3, 8)]);
        var calendar = await calendars.GetAsync(day.CalendarId, CancellationToken.None);
        calendar.IsBusinessDay(new DateOnly(2027, 3, 8)).ShouldBeFalse();
        calendar.AddBusinessDays(friday, 1).ShouldBe(new DateOnly(2027, 3, 9));
        // Easter Monday 2027 (29 March) stays closed: the company's days add to the French public holidays.
        calendar.AddBusinessDays(new DateOnly(2027, 3, 26), 1).ShouldBe(new DateOnly(2027, 3, 30));

        await (await admin.DeleteAsync($"{Calendar(company)}/closed-days/{closed.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        (await calendars.GetAsync(day.CalendarId, CancellationToken.None)).AddBusinessDays(friday, 1).ShouldBe(new DateOnly(2027, 3, 8));
    }

    [Fact]
    public async Task ProcedureTimer_WhenTheCompanyClosesADayOfABusinessDayWait_FiresOneBusinessDayLater()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var company = await NewCompanyAsync(admin, "FR");
        await Wait.Eventually(
            async () => (await admin.GetAsync($"/api/companies/{company}/receivables/settings")).IsSuccessStatusCode,
            "the ledger is set up for the new company");
        var customer = await ReceivablesApi.CreateCustomerAsync(admin, company);
        var procedure = await PublishedAsync(admin, company);
        await (await admin.PutAsJsonAsync($"{Base(company)}/assignment/defaults/CollectionCase", new { procedureId = procedure.Id }, Json.Options)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        // The template first waits until invoice.dueDate + 3 business days, 09:00: Monday 1 March 2027 + 3 is Thursday 4 March.
        await (await admin.PostJsonAsync($"{Calendar(company)}/closed-days", new { label = "Inventory", from = "2027-03-03" })).ShouldHaveStatusAsync(HttpStatusCode.Created);

        var started = await StartAsync(company, customer.Id, "2027-03-01");

        var timers = await TimerDatesAsync(started);
        timers.ShouldContain(new DateOnly(2027, 3, 5));
        timers.ShouldNotContain(new DateOnly(2027, 3, 4));
    }

    private static async Task<Guid> NewCompanyAsync(HttpClient admin, string country) =>
        (await (await admin.PostJsonAsync("/api/companies", new { name = $"Calendar {Guid.NewGuid():N}"[..20], country, currency = "EUR", timeZone = "Europe/Paris" }))
            .ReadAsync<CompanyResponse>()).Id;

    private async Task<Guid> StartAsync(Guid company, Guid customerId, string dueDate)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(company, "test");
        var inputs = new Dictionary<string, object?> { ["invoice"] = Element(new { id = "INV-1", dueDate, amount = "800 EUR" }) };
        var result = await scope.ServiceProvider.GetRequiredService<IProcedureStarter>()
            .StartAssignedProcedureAsync(new ProcedureStartRequest(customerId, ProcedurePurpose.CollectionCase, "INV-1", inputs), CancellationToken.None);
        return result.InstanceId;
    }

    private async Task<List<DateOnly>> TimerDatesAsync(Guid instanceId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var dues = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Timers.IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.InstanceId == instanceId).Select(t => t.DueAt).ToListAsync();
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        return [.. dues.Select(d => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(d, paris).DateTime))];
    }
}
