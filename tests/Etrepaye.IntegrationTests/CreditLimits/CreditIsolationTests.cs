using System.Net;
using Etrepaye.IntegrationTests.Infrastructure;
using static Etrepaye.IntegrationTests.CreditLimits.CreditApi;

namespace Etrepaye.IntegrationTests.CreditLimits;

/// <summary>A member of one company never sees nor changes another company's limits, requests, checks or exposure.</summary>
public sealed class CreditIsolationTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task CreditResourcesOfB_ForAMemberOfAOnly_Return404AndNothingIsWritten()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var managerOfA = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(admin, _companyB);
        var customerOfB = await NewCustomerAsync(admin, _companyB);
        var request = await RequestAsync(admin, _companyB, customerOfB.Id, 5_000m);
        var checkOfB = await (await admin.PostJsonAsync($"{CreditUrl(_companyB)}/check", new { customerId = customerOfB.Id, amount = 100m, currency = "EUR" }))
            .ReadAsync<Etrepaye.CreditLimits.Features.OrderCheck.CheckOrderResponse>();

        string[] reads =
        [
            $"{CreditUrl(_companyB)}/limits", $"{CreditUrl(_companyB)}/limits/{customerOfB.Id}", $"{CreditUrl(_companyB)}/checks", $"{CreditUrl(_companyB)}/requests/{request.Id}",
            $"{CreditUrl(_companyB)}/customers/{customerOfB.Id}/exposure", $"{CreditUrl(_companyB)}/customers/{customerOfB.Id}/score", $"{CreditUrl(_companyB)}/alerts",
            $"{CreditUrl(_companyB)}/settings", $"{CreditUrl(_companyB)}/orders",
        ];
        foreach (var url in reads)
        {
            await (await operatorOfA.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        await (await operatorOfA.PostJsonAsync($"{CreditUrl(_companyB)}/check", new { customerId = customerOfB.Id, amount = 1m, currency = "EUR" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await managerOfA.PostJsonAsync($"{CreditUrl(_companyB)}/checks/{checkOfB.CheckId}/release", new { reason = "x" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        // Through company A's own address, B's rows do not exist either.
        await (await managerOfA.GetAsync($"{CreditUrl(_companyA)}/limits/{customerOfB.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await managerOfA.GetAsync($"{CreditUrl(_companyA)}/requests/{request.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await managerOfA.PostJsonAsync($"{CreditUrl(_companyA)}/checks/{checkOfB.CheckId}/release", new { reason = "x" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await managerOfA.PostJsonAsync($"{CreditUrl(_companyA)}/customers/{customerOfB.Id}/block", new { reason = "x" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await managerOfA.PostJsonAsync($"{CreditUrl(_companyA)}/check", new { customerId = customerOfB.Id, amount = 1m, currency = "EUR" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        var history = await (await admin.GetAsync($"{CreditUrl(_companyB)}/checks")).ReadAsync<Etrepaye.Shared.Contracts.PagedResult<Etrepaye.CreditLimits.Features.OrderCheck.OrderCheckResponse>>();
        history.Items.ShouldHaveSingleItem().Decision.ShouldBe("Blocked");
    }
}
