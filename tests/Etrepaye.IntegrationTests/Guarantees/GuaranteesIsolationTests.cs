using System.Net;
using System.Net.Http.Headers;
using Etrepaye.Guarantees.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Guarantees;

/// <summary>A member of the demo company tries to see or touch the second company's guarantees, policies, duties and calls.</summary>
public sealed class GuaranteesIsolationTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    public static TheoryData<string> CompanyBResources => new()
    {
        "",
        "/policies",
        "/duties",
        $"/cover?customerId={Guid.NewGuid()}&asOf=2030-01-31",
        "/reports/cover?asOf=2030-01-31",
        "/reports/expiring?asOf=2030-01-31",
        "/reports/calls?from=2030-01-01&to=2030-01-31",
        "/reports/uninsured-exposure?asOf=2030-01-31",
    };

    [Theory]
    [MemberData(nameof(CompanyBResources))]
    public async Task GetCompanyBGuarantees_WhenCallerIsOnlyMemberOfA_Returns404(string resource)
    {
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);

        var response = await operatorOfA.GetAsync($"{Url(_companyB)}{resource}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GuaranteesOfB_WhenAddressedThroughCompanyAOrByAMemberOfAOnly_AreNeverSeenNorChanged()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var customerOfB = await CreateCustomerAsync(admin, _companyB);
        var guaranteeOfB = await CreateActiveAsync(admin, _companyB, customerOfB.Id, "BankGuarantee", 10_000m, "EUR", "2030-01-01", "2030-12-31");
        var callOfB = await (await admin.PostJsonAsync($"{Url(_companyB)}/{guaranteeOfB.Id}/calls", new { amount = 1_000m, calledOn = "2030-02-01" })).ReadAsync<GuaranteeCallResponse>();
        var policyOfB = await CreatePolicyAsync(admin, _companyB);
        var limitOfB = await GrantLimitAsync(admin, _companyB, policyOfB.Id, customerOfB.Id, 5_000m, "2030-01-01");
        var dutyOfB = await (await admin.PostJsonAsync($"{Url(_companyB)}/duties", new { policyId = policyOfB.Id, customerId = customerOfB.Id, type = "NotifyPaymentPlan", eventDate = "2030-02-01" }))
            .ReadAsync<InsurerDutyResponse>();
        var upload = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 b"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }, "file", "deed.pdf" } };
        var documentOfB = await (await admin.PostAsync($"{Url(_companyB)}/{guaranteeOfB.Id}/documents", upload)).ReadAsync<GuaranteeDocumentResponse>();

        string[] reads =
        [
            $"{Url(_companyA)}/{guaranteeOfB.Id}",
            $"{Url(_companyA)}/{guaranteeOfB.Id}/documents/{documentOfB.Id}",
            $"{Url(_companyA)}/policies/{policyOfB.Id}",
            $"{Url(_companyA)}/policies/{policyOfB.Id}/limits",
            $"{Url(_companyA)}/limits/{limitOfB.Id}",
            $"{Url(_companyA)}/cover?customerId={customerOfB.Id}&asOf=2030-03-01",
        ];
        foreach (var url in reads)
        {
            await (await admin.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            await (await operatorOfA.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            await (await operatorOfA.GetAsync(url.Replace(Url(_companyA), Url(_companyB), StringComparison.Ordinal))).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        await (await admin.PostJsonAsync($"{Url(_companyA)}/{guaranteeOfB.Id}/activate", new { version = guaranteeOfB.Version })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"{Url(_companyA)}/{guaranteeOfB.Id}/release", new { version = guaranteeOfB.Version })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"{Url(_companyA)}/{guaranteeOfB.Id}/calls", new { amount = 1m })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"{Url(_companyA)}/calls/{callOfB.Id}/receipts", new { amount = 1m, receivedOn = "2030-02-02" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"{Url(_companyA)}/policies/{policyOfB.Id}/limits", new { customerId = customerOfB.Id, requestedAmount = 1m, requestedOn = "2030-01-01" }))
            .ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"{Url(_companyA)}/limits/{limitOfB.Id}/decisions", new { status = "Cancelled", amount = 0m, effectiveDate = "2030-03-01", version = limitOfB.Version }))
            .ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"{Url(_companyA)}/duties/{dutyOfB.Id}/complete", new { })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        var documentThroughA = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 a"u8.ToArray()), "file", "a.pdf" } };
        await (await admin.PostAsync($"{Url(_companyA)}/{guaranteeOfB.Id}/documents", documentThroughA)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        (await (await admin.PostJsonAsync($"{Url(_companyA)}/duties", new { policyId = policyOfB.Id, customerId = customerOfB.Id, type = "FileClaim", eventDate = "2030-02-01" }))
            .ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["policyId"]);
        (await (await admin.PostJsonAsync(Url(_companyA), new { customerId = customerOfB.Id, type = "Deposit", issuerName = "X", amount = 1m, currency = "EUR", startDate = "2030-01-01", expiryDate = "2030-02-01" }))
            .ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["customerId"]);

        var guaranteesOfA = await (await admin.GetAsync($"{Url(_companyA)}?pageSize=200")).ReadAsync<PagedResult<GuaranteeResponse>>();
        guaranteesOfA.Items.ShouldNotContain(g => g.Id == guaranteeOfB.Id);
        var policiesOfA = await (await admin.GetAsync($"{Url(_companyA)}/policies?pageSize=200")).ReadAsync<PagedResult<PolicyResponse>>();
        policiesOfA.Items.ShouldNotContain(p => p.Id == policyOfB.Id);
        var dutiesOfA = await (await admin.GetAsync($"{Url(_companyA)}/duties?pageSize=200")).ReadAsync<PagedResult<InsurerDutyResponse>>();
        dutiesOfA.Items.ShouldNotContain(d => d.Id == dutyOfB.Id);
        var callsOfA = await (await admin.GetAsync($"{Url(_companyA)}/reports/calls?from=2030-01-01&to=2030-12-31")).ReadAsync<Etrepaye.Guarantees.Features.Reports.CallsReportResponse>();
        callsOfA.Calls.ShouldNotContain(c => c.CallId == callOfB.Id);
        var detailInB = await (await admin.GetAsync($"{Url(_companyB)}/{guaranteeOfB.Id}")).ReadAsync<GuaranteeDetailResponse>();
        (detailInB.Guarantee.Status, detailInB.Calls.Single().AmountReceived, detailInB.Documents.Count).ShouldBe(("Called", 0m, 1));
    }
}
