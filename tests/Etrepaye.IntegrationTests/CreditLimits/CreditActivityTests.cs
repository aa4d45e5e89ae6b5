using Etrepaye.CreditLimits.Features;
using Etrepaye.IntegrationTests.Guarantees;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features.ListActivityDescriptors;
using static Etrepaye.IntegrationTests.CreditLimits.CreditApi;

namespace Etrepaye.IntegrationTests.CreditLimits;

/// <summary>The creditlimits.* activities: listed for the designer and run by the durable engine.</summary>
public sealed class CreditActivityTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private const string BlockThenAdjust = """
        {
          "definitionId": "test-credit-block-adjust", "version": 1, "name": "Block and ask for a lower limit",
          "inputs": [ { "name": "customerId", "type": "string", "required": true } ],
          "variables": [ { "name": "requestId", "type": "string" } ],
          "start": { "activity": "block" },
          "activities": [
            { "id": "block", "type": "creditlimits.block-customer", "inputs": { "customerId": { "expression": "customerId" }, "reason": "Formal notice unanswered" } },
            { "id": "adjust", "type": "creditlimits.adjust-limit",
              "inputs": { "customerId": { "expression": "customerId" }, "amount": "2000 EUR", "reason": "Incident: lower the limit" }, "outputs": { "requestId": "requestId" } }
          ],
          "connections": [ { "source": { "activity": "block", "port": "Done" }, "target": { "activity": "adjust" } } ]
        }
        """;

    [Fact]
    public async Task ActivityDescriptors_ListTheCreditLimitsActivities()
    {
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);

        var descriptors = await (await viewer.GetAsync("/api/activity-descriptors")).ReadAsync<List<ActivityDescriptorResponse>>();

        descriptors.Select(d => d.Type).Where(t => t.StartsWith("creditlimits.", StringComparison.Ordinal)).Order()
            .ShouldBe(["creditlimits.adjust-limit", "creditlimits.block-customer", "creditlimits.request-review", "creditlimits.unblock-customer"]);
    }

    [Fact]
    public async Task Procedure_UsingBlockAndAdjust_BlocksTheAccountAndOpensARequestToApprove()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(manager, _company);
        var customer = await NewCustomerAsync(manager, _company);
        await GrantAsync(_factory, _company, customer.Id, 12_000m);

        await GuaranteeWorkflows.StartAsync(_factory.Services, _company, BlockThenAdjust, new Dictionary<string, object?> { ["customerId"] = customer.Id.ToString() });

        await Eventually(async () =>
        {
            var exposure = await (await manager.GetAsync($"{CreditUrl(_company)}/customers/{customer.Id}/exposure")).ReadAsync<CustomerExposureResponse>();
            var requests = await (await manager.GetAsync($"{CreditUrl(_company)}/requests?customerId={customer.Id}&status=Pending"))
                .ReadAsync<Etrepaye.Shared.Contracts.PagedResult<CreditRequestResponse>>();
            return exposure.Blocked && requests.Items.Any(r => r.Trigger == "Procedure" && r.Amount == 2_000m && r.RequiredRole == "Operator");
        }, "the effects should block the account and open the request");
    }
}
