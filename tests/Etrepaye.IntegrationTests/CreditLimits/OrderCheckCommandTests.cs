using System.Diagnostics;
using Etrepaye.CreditLimits.Features.OrderCheck;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.CreditLimits.CreditApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.CreditLimits;

/// <summary>
/// The order check's cost in SQL commands, counted from EF's diagnostic events of the one HTTP request (told apart from
/// the other tests and the host's workers by the trace id the request carries): a small fixed number, whatever the depth
/// of the group and the number of open items.
/// </summary>
public sealed class OrderCheckCommandTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    /// <summary>
    /// The credit module's commands of one check: one statement reads the chain with its limits and settings and the subtrees'
    /// rows (a five-level group included). The check's
    /// row is inserted by the group commit (OrderCheckRecorder), shared with other checks, outside the request. The member's
    /// roles (Access) are not counted: Access keeps them for a few seconds, so whether they are read depends on the clock.
    /// </summary>
    private const int CommandsPerCheck = 1;

    [Fact]
    public async Task Check_OnAFiveLevelGroupOrAManyItemsCustomer_IssuesTheSameSmallNumberOfSqlCommands()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(manager, _company);
        var single = await NewCustomerAsync(manager, _company);
        await RecordAsync(manager, _company, "invoices", single.Id, 100m, "2026-10-01", "2027-06-30");
        var chain = new List<Guid>();
        for (var level = 0; level < 5; level++)
        {
            chain.Add((await NewCustomerAsync(manager, _company, parentId: level == 0 ? null : chain[^1])).Id);
        }

        for (var item = 0; item < 40; item++)
        {
            await RecordAsync(manager, _company, "invoices", chain[^1], 10m + item, "2026-10-01", "2027-06-30");
        }

        await GrantAsync(_factory, _company, single.Id, 50_000m);
        foreach (var customerId in chain)
        {
            await GrantAsync(_factory, _company, customerId, 50_000m);
        }

        await RefreshAsync(manager, _company);

        // The company's zone and currency are cached per process (ICompanyClock): the first check of the host pays for them once.
        await CountedCheckAsync(manager, single.Id);
        var (singleCheck, singleCommands) = await CountedCheckAsync(manager, single.Id);
        var (deepCheck, deepCommands) = await CountedCheckAsync(manager, chain[^1]);

        singleCheck.Limits.Count.ShouldBe(1);
        deepCheck.Limits.Count.ShouldBe(5);
        deepCheck.Limits[0].Limit.Exposure.OpenReceivables.ShouldBe(40 * 10m + 780m);
        singleCommands.Count.ShouldBe(CommandsPerCheck, string.Join("\n---\n", singleCommands));
        deepCommands.Count.ShouldBe(CommandsPerCheck, string.Join("\n---\n", deepCommands));
        var history = await (await manager.GetAsync($"{CreditUrl(_company)}/checks?customerId={chain[^1]}")).ReadAsync<PagedResult<OrderCheckResponse>>();
        history.Items.ShouldContain(c => c.Id == deepCheck.CheckId);
    }

    private static async Task<(CheckOrderResponse Check, List<string> Commands)> CountedCheckAsync(HttpClient client, Guid customerId)
    {
        using var counter = await SqlCommandCounter.StartAsync();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{CreditUrl(_company)}/check")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { customerId, amount = 10m, currency = "EUR" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var check = await (await client.SendAsync(request)).ReadAsync<CheckOrderResponse>();
        return (check, [.. counter.CommandsOf(traceId).Where(sql => sql.Contains("credit_limits", StringComparison.Ordinal))]);
    }
}
