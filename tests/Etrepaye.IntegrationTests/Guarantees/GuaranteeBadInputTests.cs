using System.Net;
using Etrepaye.Guarantees.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Guarantees;

/// <summary>Bad input is refused with a 400 naming the field, and nothing is written.</summary>
public sealed class GuaranteeBadInputTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    public static TheoryData<string, string> BadGuarantees => new()
    {
        { """{ "type": "BankGuarantee", "issuerName": "Bank", "amount": 1000, "currency": "EUR", "startDate": "2030-06-01", "expiryDate": "2030-05-31" }""", "expiryDate" },
        { """{ "type": "BankGuarantee", "issuerName": "Bank", "amount": -5, "currency": "EUR", "startDate": "2030-01-01", "expiryDate": "2030-12-31" }""", "amount" },
        { """{ "type": "BankGuarantee", "issuerName": "Bank", "amount": 1000, "currency": "EUX", "startDate": "2030-01-01", "expiryDate": "2030-12-31" }""", "currency" },
        { """{ "type": "Pledge", "issuerName": "Bank", "amount": 1000, "currency": "EUR", "startDate": "2030-01-01", "expiryDate": "2030-12-31" }""", "type" },
        { """{ "type": "BankGuarantee", "issuerName": "", "amount": 1000, "currency": "EUR", "startDate": "2030-01-01", "expiryDate": "2030-12-31" }""", "issuerName" },
        { """{ "type": "BankGuarantee", "issuerName": "Bank", "amount": 1000, "currency": "EUR", "startDate": "2030-01-01", "expiryDate": "2030-12-31", "claimDeadline": "2030-12-01" }""", "claimDeadline" },
        { """{ "type": "BankGuarantee", "issuerName": "Bank", "amount": 1000, "currency": "EUR", "startDate": "2030-01-01", "expiryDate": "2030-12-31", "scope": "SpecificInvoices" }""", "scopeReferences" },
        { """{ "type": "BankGuarantee", "issuerName": "Bank", "amount": "lots", "currency": "EUR", "startDate": "2030-01-01", "expiryDate": "2030-12-31" }""", "amount" },
    };

    [Theory]
    [MemberData(nameof(BadGuarantees))]
    public async Task CreateGuarantee_WhenAFieldIsInvalid_Returns400NamingItAndWritesNothing(string body, string field)
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company);

        var response = await manager.PostRawAsync(Url(_company), body.Replace("{ ", $$"""{ "customerId": "{{customer.Id}}", """, StringComparison.Ordinal));

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldBe([field]);
        var guarantees = await (await manager.GetAsync($"{Url(_company)}?customerId={customer.Id}")).ReadAsync<PagedResult<GuaranteeResponse>>();
        guarantees.TotalCount.ShouldBe(0);
    }

    [Fact]
    public async Task CreateGuarantee_WhenTheCustomerIsNotInTheCompany_Returns422NamingCustomerId()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);

        var response = await manager.PostJsonAsync(Url(_company), new
        {
            customerId = Guid.NewGuid(), type = "Deposit", issuerName = "Customer", amount = 10m, currency = "EUR", startDate = "2030-01-01", expiryDate = "2030-02-01",
        });

        (await response.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["customerId"]);
    }

    [Fact]
    public async Task PoliciesLimitsAndReceipts_WhenGivenBadValues_Return400NamingTheField()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company);
        var policy = await CreatePolicyAsync(manager, _company);

        var badPolicy = await manager.PostJsonAsync($"{Url(_company)}/policies", new
        {
            insurerName = "Coface", policyNumber = "P-BAD", currency = "EUR", coveragePercent = 120m, maxExtensionDays = 60, declarationDelayDays = 15,
            paymentPlanNotificationDays = 30, claimFilingDays = 150, startDate = "2030-01-01",
        });
        var badLimit = await manager.PostJsonAsync($"{Url(_company)}/policies/{policy.Id}/limits", new { customerId = customer.Id, requestedAmount = -1m, requestedOn = "2030-01-01" });
        var badDecision = await manager.PostJsonAsync($"{Url(_company)}/limits/{Guid.NewGuid()}/decisions", new { status = "Maybe", amount = 10m, effectiveDate = "2030-01-01", version = 0 });
        var badReport = await manager.GetAsync($"{Url(_company)}/reports/calls?from=2030-05-01&to=2030-04-01");

        (await badPolicy.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["coveragePercent"]);
        (await badLimit.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["requestedAmount"]);
        (await badDecision.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["status"]);
        (await badReport.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("to");
        var policies = await (await manager.GetAsync($"{Url(_company)}/policies?pageSize=200")).ReadAsync<PagedResult<PolicyResponse>>();
        policies.Items.ShouldNotContain(p => p.PolicyNumber == "P-BAD");
        var limits = await (await manager.GetAsync($"{Url(_company)}/policies/{policy.Id}/limits")).ReadAsync<PagedResult<InsuredLimitResponse>>();
        limits.TotalCount.ShouldBe(0);
    }
}
