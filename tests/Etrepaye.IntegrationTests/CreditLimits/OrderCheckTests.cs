using System.Net;
using Etrepaye.Collection.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Features;
using Etrepaye.CreditLimits.Features.Blocking;
using Etrepaye.CreditLimits.Features.OrderCheck;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.CreditLimits.CreditApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.CreditLimits;

/// <summary>The order check the ERP calls: its answers, the figures behind them, the history and the release of a blocked order.</summary>
public sealed class OrderCheckTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private async Task<(HttpClient Manager, Guid CustomerId)> CustomerWithLimitAsync(decimal limit, decimal invoiced, DateOnly? validUntil = null)
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(manager, _company);
        var customer = await NewCustomerAsync(manager, _company, "EUR");
        await RecordAsync(manager, _company, "invoices", customer.Id, invoiced, "2026-10-01", "2026-12-31");
        await GrantAsync(_factory, _company, customer.Id, limit, validUntil: validUntil);
        await RefreshAsync(manager, _company, customer.Id);
        return (manager, customer.Id);
    }

    private static async Task<CheckOrderResponse> CheckAsync(HttpClient client, Guid customerId, decimal amount, string currency = "EUR") =>
        await (await client.PostJsonAsync($"{CreditUrl(_company)}/check", new { customerId, amount, currency, orderReference = "SO-1" })).ReadAsync<CheckOrderResponse>();

    [Fact]
    public async Task Check_WithinTheLimit_IsApprovedWithTheExposureBehindIt()
    {
        var (manager, customer) = await CustomerWithLimitAsync(20_000m, 5_000m);

        var check = await CheckAsync(manager, customer, 3_000m);

        check.Decision.ShouldBe("Approved");
        check.Reasons.ShouldBeEmpty();
        check.Options.IncludeDraftInvoices.ShouldBeFalse();
        var limit = check.Limits.ShouldHaveSingleItem();
        (limit.Limit.Scope, limit.Limit.Limit, limit.Limit.Exposure.Total, limit.OrderAmount, limit.ExposureAfterOrder, limit.OverLimit)
            .ShouldBe(("Customer", 20_000m, 5_000m, 3_000m, 8_000m, false));
    }

    [Fact]
    public async Task Check_WhenManyArriveAtOnce_RecordsEveryCheckOnceBeforeAnsweringIt()
    {
        var (manager, customer) = await CustomerWithLimitAsync(20_000m, 5_000m);

        // Checks queued together share the group commit's insert; each answer must still name a stored check.
        var checks = await Task.WhenAll(Enumerable.Range(1, 40).Select(i => CheckAsync(manager, customer, i * 500m)));

        checks.Select(c => c.CheckId).Distinct().Count().ShouldBe(40);
        checks.Count(c => c.Decision == "Blocked").ShouldBe(10);
        var history = await (await manager.GetAsync($"{CreditUrl(_company)}/checks?customerId={customer}&pageSize=100")).ReadAsync<PagedResult<OrderCheckResponse>>();
        history.Items.Select(c => c.Id).Order().ShouldBe(checks.Select(c => c.CheckId).Order());
        history.Items.Single(c => c.Amount == 20_000m).Decision.ShouldBe("Blocked");
    }

    [Fact]
    public async Task Check_OverTheLimit_IsBlockedOverLimit()
    {
        var (manager, customer) = await CustomerWithLimitAsync(20_000m, 5_000m);

        var check = await CheckAsync(manager, customer, 15_000.01m);

        check.Decision.ShouldBe("Blocked");
        check.Reasons.ShouldBe(["OverLimit"]);
        check.Limits[0].ExposureAfterOrder.ShouldBe(20_000.01m);
    }

    [Fact]
    public async Task Check_WithoutALimitOrWithAnExpiredOne_IsBlockedAndSaysWhy()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var noLimit = await NewCustomerAsync(manager, _company, "EUR");
        var (_, expired) = await CustomerWithLimitAsync(20_000m, 1_000m, validUntil: Today.AddDays(-1));

        var none = await CheckAsync(manager, noLimit.Id, 10m);
        var old = await CheckAsync(manager, expired, 10m);

        (none.Decision, none.Reasons.Single(), none.Limits.Count).ShouldBe(("Blocked", "NoLimit", 0));
        (old.Decision, old.Reasons.Single()).ShouldBe(("Blocked", "LimitExpired"));
        old.Limits[0].Limit.Expired.ShouldBeTrue();
    }

    [Fact]
    public async Task Check_OnABlockedAccount_IsBlockedAndAnAuthorisedReleaseIsRecordedAndAudited()
    {
        var (manager, customer) = await CustomerWithLimitAsync(20_000m, 1_000m);
        var operatorClient = await _factory.SignInAsync(DemoUsers.Operator);
        var status = await (await manager.PostJsonAsync($"{CreditUrl(_company)}/customers/{customer}/block", new { reason = "Bankruptcy filing" })).ReadAsync<AccountStatusResponse>();

        var check = await CheckAsync(operatorClient, customer, 100m);
        var byOperator = await operatorClient.PostJsonAsync($"{CreditUrl(_company)}/checks/{check.CheckId}/release", new { reason = "Customer paid cash" });
        var released = await (await manager.PostJsonAsync($"{CreditUrl(_company)}/checks/{check.CheckId}/release", new { reason = "Prepaid order" })).ReadAsync<OrderCheckResponse>();
        var again = await manager.PostJsonAsync($"{CreditUrl(_company)}/checks/{check.CheckId}/release", new { reason = "twice" });

        status.Blocked.ShouldBeTrue();
        (check.Decision, check.AccountBlocked, check.BlockedReason).ShouldBe(("Blocked", true, "Bankruptcy filing"));
        check.Reasons.ShouldBe(["AccountBlocked"]);
        await byOperator.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (released.Decision, released.ReleasedBy, released.ReleaseReason).ShouldBe(("Released", DemoUsers.CreditManager, "Prepaid order"));
        released.Reasons.ShouldBe(["AccountBlocked"]);
        await again.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        var history = await (await manager.GetAsync($"{CreditUrl(_company)}/checks?customerId={customer}")).ReadAsync<PagedResult<OrderCheckResponse>>();
        history.Items.ShouldHaveSingleItem().Decision.ShouldBe("Released");
        await using var scope = _factory.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<CreditLimitsDbContext>().AuditEntries.IgnoreQueryFilters()
            .SingleAsync(a => a.EntityId == check.CheckId.ToString());
        (audit.Action, audit.ActorName, audit.CompanyId).ShouldBe(("ReleaseOrderCommand", DemoUsers.CreditManager, _company));
        audit.After!.ShouldContain("Prepaid order");
        (await OutboxPayloadsAsync(_factory.Services, "CustomerBlocked")).ShouldContain(p => p.Contains(customer.ToString()));
    }

    [Fact]
    public async Task Histories_OfALimitAndOfTheAccountsBlocks_AreReadAPageAtATimeNewestFirst()
    {
        var (manager, customer) = await CustomerWithLimitAsync(20_000m, 1_000m);
        await GrantAsync(_factory, _company, customer, 25_000m);
        await GrantAsync(_factory, _company, customer, 30_000m);
        foreach (var (verb, reason) in new[] { ("block", "First block"), ("unblock", "Paid"), ("block", "Second block") })
        {
            (await manager.PostJsonAsync($"{CreditUrl(_company)}/customers/{customer}/{verb}", new { reason })).EnsureSuccessStatusCode();
        }

        var newestLimits = await (await manager.GetAsync($"{CreditUrl(_company)}/limits/{customer}/history?pageSize=2")).ReadAsync<PagedResult<LimitChangeResponse>>();
        var oldestLimit = await (await manager.GetAsync($"{CreditUrl(_company)}/limits/{customer}/history?pageSize=2&page=2")).ReadAsync<PagedResult<LimitChangeResponse>>();
        var oldestBlock = await (await manager.GetAsync($"{CreditUrl(_company)}/customers/{customer}/blocks?pageSize=2&page=2")).ReadAsync<PagedResult<BlockChangeResponse>>();
        var tooLarge = await manager.GetAsync($"{CreditUrl(_company)}/customers/{customer}/blocks?pageSize=100000");

        newestLimits.TotalCount.ShouldBe(3);
        newestLimits.Items.Select(c => c.Amount).ShouldBe([30_000m, 25_000m]);
        oldestLimit.Items.ShouldHaveSingleItem().Amount.ShouldBe(20_000m);
        oldestBlock.TotalCount.ShouldBe(3);
        (oldestBlock.Items.ShouldHaveSingleItem().Blocked, oldestBlock.Items[0].Reason).ShouldBe((true, "First block"));
        (await tooLarge.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("pageSize");
    }

    [Fact]
    public async Task BlockRequested_ByACollectionProcedure_BlocksUntilUnblockRequested()
    {
        var (manager, customer) = await CustomerWithLimitAsync(20_000m, 1_000m);
        var caseId = Guid.NewGuid();

        await PublishAsync(_factory.Services, new CustomerBlockRequested(_company, customer, caseId, "Formal notice unanswered", Today));
        await Eventually(async () => (await CheckAsync(manager, customer, 10m)).Reasons.Contains("AccountBlocked"), "the block request should block the account");
        await PublishAsync(_factory.Services, new CustomerUnblockRequested(_company, customer, caseId, "Paid in full", Today));
        await Eventually(async () => (await CheckAsync(manager, customer, 10m)).Decision == "Approved", "the unblock request should unblock the account");

        (await OutboxPayloadsAsync(_factory.Services, "CustomerUnblocked")).ShouldContain(p => p.Contains(customer.ToString()) && p.Contains("Paid in full"));
    }

    [Fact]
    public async Task Check_WithBadInput_Returns400NamingTheFieldAndRecordsNothing()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await NewCustomerAsync(manager, _company, "EUR");
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);

        var negative = await manager.PostJsonAsync($"{CreditUrl(_company)}/check", new { customerId = customer.Id, amount = -5m, currency = "EUR" });
        var currency = await manager.PostJsonAsync($"{CreditUrl(_company)}/check", new { customerId = customer.Id, amount = 5m, currency = "EURO" });
        var unknown = await manager.PostJsonAsync($"{CreditUrl(_company)}/check", new { customerId = Guid.NewGuid(), amount = 5m, currency = "EUR" });
        var byViewer = await viewer.PostJsonAsync($"{CreditUrl(_company)}/check", new { customerId = customer.Id, amount = 5m, currency = "EUR" });

        (await negative.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("amount");
        (await currency.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("currency");
        await unknown.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await byViewer.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await (await manager.GetAsync($"{CreditUrl(_company)}/checks?customerId={customer.Id}")).ReadAsync<PagedResult<OrderCheckResponse>>()).TotalCount.ShouldBe(0);
    }
}
