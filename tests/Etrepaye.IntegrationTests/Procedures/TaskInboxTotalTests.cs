using Etrepaye.Access.Contracts;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features.Tasks;
using Etrepaye.Shared.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Procedures;

/// <summary>A host whose inbox keeps totals of 3 tasks or more for 5 seconds (the product's threshold is 1,000).</summary>
public sealed class InboxTotalFixture : ProcedureRuntimeFixture
{
    protected override IReadOnlyDictionary<string, string?> MoreSettings => new Dictionary<string, string?>
    {
        ["Procedures:InboxTotalExactBelow"] = "3",
        ["Procedures:InboxTotalCacheSeconds"] = "5",
    };
}

/// <summary>
/// The inbox's total: counted on every read while small, kept for a few seconds once large, never shared between filters
/// or companies; the page is read on every call either way.
/// </summary>
public sealed class TaskInboxTotalTests(InboxTotalFixture fixture) : IClassFixture<InboxTotalFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private async Task<DateOnly> TodayAsync(Guid company) => await _factory.Services.GetRequiredService<ICompanyClock>().TodayAsync(company, CancellationToken.None);

    private static async Task<PagedResult<TaskResponse>> InboxOfCustomerAsync(HttpClient client, Guid company, string customer) =>
        await (await client.GetAsync($"/api/companies/{company}/tasks?pageSize=50&customer={customer}")).ReadAsync<PagedResult<TaskResponse>>();

    [Fact]
    public async Task ListTasks_WhenTheTotalIsAtTheThreshold_KeepsItForItsLifetimeAndStillReadsThePage()
    {
        var today = await TodayAsync(_companyA);
        var customer = $"large-{Guid.NewGuid():N}";
        for (var i = 0; i < 3; i++)
        {
            await fixture.StartCaseAsync(_companyA, customer, "100 EUR", today.AddDays(-i));
        }

        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var first = await InboxOfCustomerAsync(operatorOfA, _companyA, customer);
        await fixture.StartCaseAsync(_companyA, customer, "100 EUR", today);
        var withinLifetime = await InboxOfCustomerAsync(operatorOfA, _companyA, customer);
        var otherFilter = await (await operatorOfA.GetAsync($"/api/companies/{_companyA}/tasks?pageSize=50&customer={customer}&activityId=call"))
            .ReadAsync<PagedResult<TaskResponse>>();
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        var afterLifetime = await InboxOfCustomerAsync(operatorOfA, _companyA, customer);

        first.TotalCount.ShouldBe(3);
        withinLifetime.TotalCount.ShouldBe(3);
        withinLifetime.Items.Count.ShouldBe(4);
        otherFilter.TotalCount.ShouldBe(4);
        afterLifetime.TotalCount.ShouldBe(4);
        afterLifetime.Items.Count.ShouldBe(4);
    }

    [Fact]
    public async Task ListTasks_WhenTheTotalIsBelowTheThreshold_CountsOnEveryRead()
    {
        var today = await TodayAsync(_companyA);
        var customer = $"small-{Guid.NewGuid():N}";
        await fixture.StartCaseAsync(_companyA, customer, "100 EUR", today);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);

        var first = await InboxOfCustomerAsync(operatorOfA, _companyA, customer);
        await fixture.StartCaseAsync(_companyA, customer, "100 EUR", today);
        var second = await InboxOfCustomerAsync(operatorOfA, _companyA, customer);

        first.TotalCount.ShouldBe(1);
        second.TotalCount.ShouldBe(2);
    }

    [Fact]
    public async Task ListTasks_OfCompanyB_WhenALargeTotalOfAIsKeptForTheSameFilter_CountsBsOwnTasks()
    {
        var customer = $"shared-{Guid.NewGuid():N}";
        var todayOfA = await TodayAsync(_companyA);
        for (var i = 0; i < 3; i++)
        {
            await fixture.StartCaseAsync(_companyA, customer, "100 EUR", todayOfA);
        }

        await fixture.StartCaseAsync(_companyB, customer, "100 EUR", await TodayAsync(_companyB));
        var admin = await _factory.SignInAsync(DemoUsers.Admin);

        var ofA = await InboxOfCustomerAsync(admin, _companyA, customer);
        var ofB = await InboxOfCustomerAsync(admin, _companyB, customer);

        ofA.TotalCount.ShouldBe(3);
        ofB.TotalCount.ShouldBe(1);
        ofB.Items.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ListTasks_WhenAPageIsRead_ReadsItsTasksWithTheirInstancesInOneCommand()
    {
        var today = await TodayAsync(_companyA);
        var customer = $"joined-{Guid.NewGuid():N}";
        var late = await fixture.StartCaseAsync(_companyA, customer, "300 EUR", today.AddDays(-4));
        var due = await fixture.StartCaseAsync(_companyA, customer, "100 EUR", today);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        await InboxOfCustomerAsync(operatorOfA, _companyA, customer);
        using var counter = await SqlCommandCounter.StartAsync();

        var (response, trace) = await SqlCommandCounter.SendAsync(operatorOfA, new HttpRequestMessage(HttpMethod.Get, $"/api/companies/{_companyA}/tasks?pageSize=50&customer={customer}"));
        var page = await response.ReadAsync<PagedResult<TaskResponse>>();

        // The count (2 tasks: below this host's threshold of 3) and the page joined to its instances. The day's stale-score check
        // ran on the first read above; this process knows the day's scores are current.
        var commands = counter.CommandsOf(trace).Where(sql => sql.Contains("workflows", StringComparison.Ordinal)).ToList();
        commands.Count.ShouldBe(2, string.Join("\n---\n", commands));
        page.TotalCount.ShouldBe(2);
        page.Items.Select(t => (t.InstanceId, t.DefinitionId, t.Customer)).ShouldBe([(late, "inbox-case", customer), (due, "inbox-case", customer)]);
    }

    [Fact]
    public async Task GetTotal_WhenAnExpiredTotalIsBeingCountedAgain_AnswersTheKeptTotalWithoutASecondCount()
    {
        var totals = _factory.Services.GetRequiredService<InboxTotals>();
        var company = Guid.NewGuid();
        var recount = new TaskCompletionSource<int>();
        var counts = 0;
        await totals.GetAsync(company, "", _ => Task.FromResult(5), CancellationToken.None);
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));

        var counting = totals.GetAsync(company, "", _ => { Interlocked.Increment(ref counts); return recount.Task; }, CancellationToken.None);
        var meanwhile = await totals.GetAsync(company, "", _ => { Interlocked.Increment(ref counts); return Task.FromResult(9); }, CancellationToken.None);
        recount.SetResult(7);
        var counted = await counting;
        var after = await totals.GetAsync(company, "", _ => { Interlocked.Increment(ref counts); return Task.FromResult(9); }, CancellationToken.None);

        (meanwhile, counted, after, counts).ShouldBe((5, 7, 7, 1));
    }
}
