using System.Net;
using Etrepaye.Access.Contracts;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features.Tasks;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Procedures;

/// <summary>
/// The inbox's stored priority: scored when a task is written, rescored once per company when its day changes, read in
/// order from an index. The tests of this class move the host's clock on, so they share no host with other classes.
/// </summary>
public sealed class TaskInboxPriorityTests(ProcedureRuntimeFixture fixture) : IClassFixture<ProcedureRuntimeFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private static string Tasks(Guid company) => $"/api/companies/{company}/tasks";

    private static string NewCustomer(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<DateOnly> TodayAsync(Guid company) => await _factory.Services.GetRequiredService<ICompanyClock>().TodayAsync(company, CancellationToken.None);

    private static async Task<PagedResult<TaskResponse>> InboxAsync(HttpClient client, Guid company, string query = "") =>
        await (await client.GetAsync($"{Tasks(company)}?pageSize=200&definitionId=inbox-case{query}")).ReadAsync<PagedResult<TaskResponse>>();

    private static List<string?> OrderOf(PagedResult<TaskResponse> page, params string[] customers) =>
        [.. page.Items.Select(t => t.Customer).Where(c => customers.Contains(c))];

    private async Task<List<HumanTaskRow>> StoredTasksAsync(Guid company)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return await db.HumanTasks.IgnoreQueryFilters().AsNoTracking().Where(t => t.CompanyId == company && t.Status == HumanTaskStatus.Open).ToListAsync();
    }

    [Fact]
    public async Task ListTasks_WhenTheDayChanges_RanksByTheNewDaysScoreWithoutAnyWriteToTheTasks()
    {
        var today = await TodayAsync(_companyA);
        var dueToday = NewCustomer("duetoday");
        var lateSmall = NewCustomer("latesmall");
        await fixture.StartCaseAsync(_companyA, dueToday, "2000 EUR", today);
        await fixture.StartCaseAsync(_companyA, lateSmall, "300 EUR", today.AddDays(-5));
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var before = await InboxAsync(operatorOfA, _companyA);

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = await TodayAsync(_companyA);
        var after = await InboxAsync(await _factory.SignInAsync(DemoUsers.Operator), _companyA);

        tomorrow.ShouldBe(today.AddDays(1));
        OrderOf(before, dueToday, lateSmall).ShouldBe([lateSmall, dueToday]);
        before.Items.Single(t => t.Customer == lateSmall).PriorityScore.ShouldBe(1_500m);
        OrderOf(after, dueToday, lateSmall).ShouldBe([dueToday, lateSmall]);
        after.Items.Single(t => t.Customer == dueToday).PriorityScore.ShouldBe(2_000m);
        after.Items.Single(t => t.Customer == lateSmall).PriorityScore.ShouldBe(1_800m);
        var stored = await StoredTasksAsync(_companyA);
        stored.ShouldAllBe(t => t.ScoreDay == tomorrow);
        stored.Single(t => t.Id == after.Items.Single(i => i.Customer == dueToday).Id).Score.ShouldBe(2_000d);
        after.Items.Select(t => (double)t.PriorityScore).ShouldBe(after.Items.Select(t => (double)t.PriorityScore).OrderByDescending(s => s));
    }

    [Fact]
    public async Task ListTasks_WhenTheDaysScoresAreKnownCurrent_ReadsWithoutAskingForStaleScores()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await InboxAsync(manager, _companyA);
        using var counter = await SqlCommandCounter.StartAsync();

        var (response, trace) = await SqlCommandCounter.SendAsync(manager, new HttpRequestMessage(HttpMethod.Get, $"{Tasks(_companyA)}?pageSize=50"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var commands = counter.CommandsOf(trace);
        commands.ShouldContain(c => c.Contains("human_tasks", StringComparison.Ordinal));
        commands.ShouldNotContain(c => IsStaleScoreCheck(c));
    }

    [Fact]
    public async Task ListTasks_WhenAMinuteHasPassedSinceTheLastCheck_AsksForStaleScoresAgain()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await InboxAsync(manager, _companyA);
        fixture.Clock.Advance(InboxRescores.RecheckAfter + TimeSpan.FromSeconds(1));
        using var counter = await SqlCommandCounter.StartAsync();

        var (response, trace) = await SqlCommandCounter.SendAsync(manager, new HttpRequestMessage(HttpMethod.Get, $"{Tasks(_companyA)}?pageSize=50"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // A task written just before midnight by a transaction that committed after the day's first read is caught this way.
        counter.CommandsOf(trace).Count(IsStaleScoreCheck).ShouldBe(1);
    }

    private static bool IsStaleScoreCheck(string sql) => sql.Contains("EXISTS", StringComparison.Ordinal) && sql.Contains("score_day", StringComparison.Ordinal);

    [Fact]
    public async Task StartCase_AfterTheDaysFirstRead_WritesTheTaskScoredForTodayAndTheInboxPlacesIt()
    {
        var today = await TodayAsync(_companyA);
        var high = NewCustomer("high");
        var low = NewCustomer("low");
        var middle = NewCustomer("middle");
        await fixture.StartCaseAsync(_companyA, high, "1000 EUR", today.AddDays(-10));
        await fixture.StartCaseAsync(_companyA, low, "100 EUR", today.AddDays(-1));
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        OrderOf(await InboxAsync(operatorOfA, _companyA), high, low).ShouldBe([high, low]);

        var middleInstance = await fixture.StartCaseAsync(_companyA, middle, "500 EUR", today.AddDays(-4));
        var written = (await StoredTasksAsync(_companyA)).Single(t => t.InstanceId == middleInstance);
        var page = await InboxAsync(operatorOfA, _companyA);

        written.ScoreDay.ShouldBe(today);
        written.Score.ShouldBe(2_000d);
        OrderOf(page, high, low, middle).ShouldBe([high, middle, low]);
        var byDueDate = await InboxAsync(operatorOfA, _companyA, "&sort=dueDate");
        OrderOf(byDueDate, high, low, middle).ShouldBe([high, middle, low]);
        byDueDate.Items.Select(t => t.DueDate).ShouldBe(byDueDate.Items.Select(t => t.DueDate).OrderBy(d => d ?? DateOnly.MaxValue));
    }

    [Fact]
    public async Task ListTasks_WhenFilteredAndPaged_CountsTheMatchingTasksAndKeepsOneOrderAcrossPages()
    {
        var today = await TodayAsync(_companyA);
        var customer = NewCustomer("filtered");
        var other = NewCustomer("other");
        for (var i = 0; i < 3; i++)
        {
            await fixture.StartCaseAsync(_companyA, customer, $"{100 + i} EUR", today.AddDays(-1 - i));
        }

        await fixture.StartCaseAsync(_companyA, other, "50 EUR", today.AddDays(3));
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var openOfA = (await StoredTasksAsync(_companyA)).Count;

        var all = await (await operatorOfA.GetAsync($"{Tasks(_companyA)}?pageSize=200")).ReadAsync<PagedResult<TaskResponse>>();
        var ofCustomer = await InboxAsync(operatorOfA, _companyA, $"&customer={customer}");
        var overdueOfOther = await InboxAsync(operatorOfA, _companyA, $"&customer={other}&overdue=true");
        var unknownDefinition = await (await operatorOfA.GetAsync($"{Tasks(_companyA)}?definitionId=no-such-procedure")).ReadAsync<PagedResult<TaskResponse>>();
        var paged = new List<Guid>();
        for (var number = 1; number <= 3; number++)
        {
            var page = await (await operatorOfA.GetAsync($"{Tasks(_companyA)}?customer={customer}&page={number}&pageSize=1")).ReadAsync<PagedResult<TaskResponse>>();
            page.TotalCount.ShouldBe(3);
            paged.AddRange(page.Items.Select(t => t.Id));
        }

        all.TotalCount.ShouldBe(openOfA);
        ofCustomer.TotalCount.ShouldBe(3);
        ofCustomer.Items.Select(t => t.PriorityScore).ShouldBe([306m, 202m, 100m]);
        overdueOfOther.TotalCount.ShouldBe(0);
        overdueOfOther.Items.ShouldBeEmpty();
        unknownDefinition.TotalCount.ShouldBe(0);
        paged.ShouldBe(ofCustomer.Items.Select(t => t.Id));
        (await (await operatorOfA.GetAsync($"{Tasks(_companyA)}?activityId=call&customer={customer}")).ReadAsync<PagedResult<TaskResponse>>()).TotalCount.ShouldBe(3);
        await (await operatorOfA.GetAsync($"{Tasks(_companyA)}?pageSize=0")).ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ListTasks_OfCompanyB_ShowsAndRescoresOnlyBsTasks()
    {
        var todayOfA = await TodayAsync(_companyA);
        var todayOfB = await TodayAsync(_companyB);
        var customerOfA = NewCustomer("ofa");
        var customerOfB = NewCustomer("ofb");
        await fixture.StartCaseAsync(_companyA, customerOfA, "900 EUR", todayOfA.AddDays(-2));
        await fixture.StartCaseAsync(_companyB, customerOfB, "10 EUR", todayOfB.AddDays(-2));
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var email = $"inbox-b-{Guid.NewGuid():N}@demo.etrepaye.test";
        (await admin.PostJsonAsync($"/api/companies/{_companyB}/members", new { email, displayName = "Opérateur B", roles = new[] { "Operator" }, password = EtrepayeFactory.DemoPassword }))
            .EnsureSuccessStatusCode();

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var memberOfB = await _factory.SignInAsync(email);
        var inboxOfB = await (await memberOfB.GetAsync($"{Tasks(_companyB)}?pageSize=200")).ReadAsync<PagedResult<TaskResponse>>();
        var storedOfA = await StoredTasksAsync(_companyA);
        var storedOfB = await StoredTasksAsync(_companyB);
        var ofA = await (await memberOfB.GetAsync($"{Tasks(_companyB)}?customer={customerOfA}")).ReadAsync<PagedResult<TaskResponse>>();

        inboxOfB.TotalCount.ShouldBe(storedOfB.Count);
        inboxOfB.Items.Select(t => t.Id).ShouldBe(storedOfB.Select(t => t.Id), ignoreOrder: true);
        inboxOfB.Items.ShouldNotContain(t => t.Customer == customerOfA);
        inboxOfB.Items.Single(t => t.Customer == customerOfB).PriorityScore.ShouldBe(30m);
        storedOfB.ShouldAllBe(t => t.ScoreDay == todayOfB.AddDays(1));
        storedOfA.ShouldContain(t => t.ScoreDay == todayOfA);
        ofA.Items.ShouldBeEmpty();
        ofA.TotalCount.ShouldBe(0);
        await (await memberOfB.GetAsync(Tasks(_companyA))).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rescore_WhenSeveralProcessesStartTheSameNewDayAtOnce_RescoresEachTaskOnce()
    {
        var today = await TodayAsync(_companyA);
        var customers = Enumerable.Range(0, 4).Select(i => NewCustomer($"race{i}")).ToList();
        foreach (var (customer, i) in customers.Select((c, i) => (c, i)))
        {
            await fixture.StartCaseAsync(_companyA, customer, $"{1000 - (100 * i)} EUR", today.AddDays(-3));
        }

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = await TodayAsync(_companyA);
        var stale = (await StoredTasksAsync(_companyA)).Count(t => t.ScoreDay < tomorrow);

        var rescored = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await using var scope = _factory.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(_companyA, "test");
            return await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().RescoreAsync(_companyA, tomorrow, CancellationToken.None);
        })));
        var page = await InboxAsync(await _factory.SignInAsync(DemoUsers.Operator), _companyA);

        stale.ShouldBeGreaterThanOrEqualTo(customers.Count);
        rescored.Sum().ShouldBe(stale);
        (await StoredTasksAsync(_companyA)).ShouldAllBe(t => t.ScoreDay == tomorrow);
        OrderOf(page, [.. customers]).ShouldBe([.. customers]);
        page.Items.Single(t => t.Customer == customers[0]).PriorityScore.ShouldBe(4_000m);
    }
}
