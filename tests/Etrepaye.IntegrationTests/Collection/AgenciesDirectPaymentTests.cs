using System.Net;
using Etrepaye.Collection.Features.Agencies;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Collection.AgenciesApi;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>A payment the company receives directly for a case an agency holds is reported to that agency.</summary>
public sealed class AgenciesDirectPaymentTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task PaymentReceived_WhenAnAgencyHoldsTheCustomersCase_IsListedToTheAgencyAndLowersWhatItPursues()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var agency = await CreateAgencyAsync(manager, _company);
        var agencyClient = AgencyClient(_factory, await CreateKeyAsync(manager, _company, agency.Id));
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var bystander = await CreateCustomerAsync(manager, _company, "EUR");
        var invoice = await RecordAsync(manager, _company, "invoices", customer.Id, 2_000m, Day(-60), Day(-30));
        await RecordAsync(manager, _company, "invoices", bystander.Id, 2_000m, Day(-60), Day(-30));
        var before = await RecordAsync(manager, _company, "payments", customer.Id, 10m, Day(-20));
        var handover = await (await HandOverAsync(manager, _company, await OpenCaseAsync(_factory.Services, manager, _company, invoice), customer.Id, agency.Id, [invoice.Id])).ReadAsync<AgencyCaseDetailResponse>();
        await (await agencyClient.PostAsync($"/api/agency/cases/{handover.Case.Id}/accept", null)).ReadAsync<AgencyCaseDetailResponse>();

        var direct = await RecordAsync(manager, _company, "payments", customer.Id, 600m, Day(0));
        await RecordAsync(manager, _company, "payments", bystander.Id, 900m, Day(0));

        PagedResult<DirectPaymentResponse>? payments = null;
        await Eventually(
            async () => (payments = await (await agencyClient.GetAsync($"/api/agency/cases/{handover.Case.Id}/direct-payments"))
                .ReadAsync<PagedResult<DirectPaymentResponse>>()).TotalCount > 0,
            "the payment is reported to the agency");
        var detail = await AgencyCaseAsync(agencyClient, handover.Case.Id);
        var tooMuch = await agencyClient.PostJsonAsync($"/api/agency/cases/{handover.Case.Id}/collections", new { amount = 1_400.01m });

        payments!.Items.Single().ShouldSatisfyAllConditions(
            p => p.PaymentId.ShouldBe(direct.Id),
            p => (p.Amount, p.Currency, p.Reference, p.ReceivedOn).ShouldBe((600m, "EUR", direct.Reference, Today)));
        payments.Items.ShouldNotContain(p => p.PaymentId == before.Id);
        (detail.Case.DirectPaymentsAmount, detail.Case.Outstanding, detail.DirectPayments.Single().PaymentId).ShouldBe((600m, 1_400m, direct.Id));
        (await tooMuch.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["amount"]);
    }
}
