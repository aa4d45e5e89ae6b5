using System.Net.Http.Json;
using Etrepaye.CreditLimits.Features;
using Etrepaye.CreditLimits.Features.Alerts;
using Etrepaye.CreditLimits.Features.OrderCheck;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.CreditLimits.CreditApi;

namespace Etrepaye.IntegrationTests.CreditLimits;

/// <summary>The credit lists the screens show name each customer (reference and name, read from the ledger), whatever its place in the ledger.</summary>
public sealed class CreditCustomerNamesTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task CreditLists_WhenACustomerHasARequestALimitAnAlertAndAnOrderCheck_NameTheCustomer()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(manager, _company);
        var customer = await NewCustomerAsync(manager, _company);
        await Receivables.ReceivablesApi.RecordAsync(manager, _company, "invoices", customer.Id, 500m, Today.AddDays(-40).ToString("yyyy-MM-dd"), Today.AddDays(-10).ToString("yyyy-MM-dd"));
        await GrantAsync(_factory, _company, customer.Id, 100m);
        await RefreshAsync(manager, _company, customer.Id);
        (await manager.PostAsJsonAsync($"{CreditUrl(_company)}/check", new CheckOrderRequest(customer.Id, 50m, "EUR", "SO-NAMES"))).EnsureSuccessStatusCode();

        var requests = await (await manager.GetAsync($"{CreditUrl(_company)}/requests?customerId={customer.Id}")).ReadAsync<PagedResult<CreditRequestResponse>>();
        var limit = await FindAsync<LimitResponse>(manager, "limits", l => l.CustomerId == customer.Id);
        var checks = await (await manager.GetAsync($"{CreditUrl(_company)}/checks?customerId={customer.Id}")).ReadAsync<PagedResult<OrderCheckResponse>>();
        var alerts = await (await manager.GetAsync($"{CreditUrl(_company)}/alerts?pageSize=200")).ReadAsync<CreditAlertsResponse>();

        requests.Items.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            r => r.CustomerReference.ShouldBe(customer.Reference), r => r.CustomerName.ShouldBe(customer.Name));
        (limit.CustomerReference, limit.CustomerName).ShouldBe((customer.Reference, customer.Name));
        checks.Items.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            c => c.OrderReference.ShouldBe("SO-NAMES"), c => c.CustomerReference.ShouldBe(customer.Reference), c => c.CustomerName.ShouldBe(customer.Name));
        alerts.Items.Where(a => a.CustomerId == customer.Id).ShouldNotBeEmpty();
        alerts.Items.Where(a => a.CustomerId == customer.Id).ShouldAllBe(a => a.CustomerReference == customer.Reference && a.CustomerName == customer.Name);
        alerts.Items.ShouldAllBe(a => a.CustomerName != null);
    }

    private static async Task<T> FindAsync<T>(HttpClient client, string list, Func<T, bool> match)
    {
        for (var page = 1; ; page++)
        {
            var found = await (await client.GetAsync($"{CreditUrl(_company)}/{list}?page={page}&pageSize=200")).ReadAsync<PagedResult<T>>();
            if (found.Items.FirstOrDefault(match) is { } item)
            {
                return item;
            }

            found.Items.Count.ShouldBe(200, $"not found in {list}");
        }
    }
}
