using System.Net;
using Etrepaye.Collection.Features.Agencies;
using Etrepaye.Collection.Features.Agencies.GetAgencyPerformance;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Collection.AgenciesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>A case handed over to an agency, worked and closed through the agency's API; recall; a second handover refused.</summary>
public sealed class AgenciesHandoverTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task HandOverCase_WhenTheAgencyAcceptsCollectsAndCloses_TheCaseAndThePerformanceShowTheHandCheckedFigures()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var agency = await CreateAgencyAsync(manager, _company, commissionRate: 12.5m, firstContactDays: 10, reportEveryDays: 30);
        var agencyClient = AgencyClient(_factory, await CreateKeyAsync(manager, _company, agency.Id));

        // Case 1: 1,000 + 2,500 handed over 30 days ago, fully recovered.
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var first = await RecordAsync(manager, _company, "invoices", customer.Id, 1_000m, Day(-100), Day(-70));
        var second = await RecordAsync(manager, _company, "invoices", customer.Id, 2_500m, Day(-80), Day(-50));
        var notHandedOver = await RecordAsync(manager, _company, "invoices", customer.Id, 700m, Day(-40), Day(-35));
        var caseId = await OpenCaseAsync(_factory.Services, manager, _company, first);
        var handover = await (await HandOverAsync(manager, _company, caseId, customer.Id, agency.Id, [first.Id, second.Id], "Ignores every reminder.", Day(-30)))
            .ReadAsync<AgencyCaseDetailResponse>();
        byte[] pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. Enumerable.Range(0, 3000).Select(i => (byte)(i % 251))];
        var document = await (await UploadAsync(manager, _company, caseId, pdf, "relances.pdf", "application/pdf")).ReadAsync<AgencyCaseDocumentResponse>();
        (await manager.PostJsonAsync($"{Handover(_company, caseId)}/notes", new { text = "The customer's CFO is Mme Martin." })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var listed = await (await agencyClient.GetAsync("/api/agency/cases")).ReadAsync<PagedResult<AgencyCaseResponse>>();
        var seen = await AgencyCaseAsync(agencyClient, handover.Case.Id);
        var download = await agencyClient.GetAsync($"/api/agency/cases/{handover.Case.Id}/documents/{document.Id}");
        var early = await agencyClient.PostJsonAsync($"/api/agency/cases/{handover.Case.Id}/collections", new { amount = 10m });
        var accepted = await (await agencyClient.PostAsync($"/api/agency/cases/{handover.Case.Id}/accept", null)).ReadAsync<AgencyCaseDetailResponse>();
        var withComputedFee = await (await agencyClient.PostJsonAsync($"/api/agency/cases/{handover.Case.Id}/collections",
            new { amount = 2_000m, collectedOn = Day(-10), reference = "VIR-1" })).ReadAsync<AgencyCaseDetailResponse>();
        var tooMuch = await agencyClient.PostJsonAsync($"/api/agency/cases/{handover.Case.Id}/collections", new { amount = 1_500.01m, collectedOn = Day(-2) });
        var withGivenFee = await (await agencyClient.PostJsonAsync($"/api/agency/cases/{handover.Case.Id}/collections",
            new { amount = 1_500m, collectedOn = Day(-2), reference = "VIR-2", fee = 100m })).ReadAsync<AgencyCaseDetailResponse>();
        await (await agencyClient.PostJsonAsync($"/api/agency/cases/{handover.Case.Id}/updates", new { text = "Paid in full after our visit.", nextActionDate = Day(5) }))
            .ReadAsync<AgencyCaseDetailResponse>();
        var closed = await (await agencyClient.PostJsonAsync($"/api/agency/cases/{handover.Case.Id}/close", new { outcome = "Recovered", note = "Settled." }))
            .ReadAsync<AgencyCaseDetailResponse>();

        (handover.Case.Status, handover.Case.HandedOverAmount, handover.Case.Currency, handover.Items.Count).ShouldBe(("HandedOver", 3_500m, "EUR", 2));
        handover.Items.Select(i => i.InvoiceId).ShouldBe([first.Id, second.Id], ignoreOrder: true);
        handover.Items.ShouldNotContain(i => i.InvoiceId == notHandedOver.Id);
        (handover.Case.HandedOverOn, handover.Case.FirstContactDueOn, handover.Case.CommissionRate).ShouldBe((Today.AddDays(-30), Today.AddDays(-20), 12.5m));
        listed.Items.Select(c => c.Id).ShouldBe([handover.Case.Id]);
        (seen.Customer.Reference, seen.AgencyName, seen.Items.Count, seen.Documents.Single().Id).ShouldBe((customer.Reference, agency.Name, 2, document.Id));
        seen.History.Select(e => (e.Kind, e.Text)).ShouldBe([("HandedOver", "Ignores every reminder."), ("SupplierNote", "The customer's CFO is Mme Martin.")]);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);
        await early.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        (accepted.Case.Status, accepted.Case.AcceptedOn).ShouldBe(("Accepted", Today));
        (withComputedFee.Case.CollectedAmount, withComputedFee.Case.FeesAmount, withComputedFee.Case.Outstanding).ShouldBe((2_000m, 250m, 1_500m));
        (await tooMuch.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["amount"]);
        (withGivenFee.Case.CollectedAmount, withGivenFee.Case.FeesAmount, withGivenFee.Case.Outstanding).ShouldBe((3_500m, 350m, 0m));
        withGivenFee.Collections.Select(c => (c.Amount, c.Fee, c.Reference)).ShouldBe([(2_000m, 250m, "VIR-1"), (1_500m, 100m, "VIR-2")]);
        (closed.Case.Status, closed.Case.Outcome, closed.Case.ReturnedOn).ShouldBe(("Closed", "Recovered", Today));
        var companyView = await (await manager.GetAsync(Handover(_company, caseId))).ReadAsync<AgencyCaseDetailResponse>();
        companyView.History.Select(e => e.Kind).ShouldBe(["HandedOver", "SupplierNote", "Accepted", "StatusUpdate", "Closed"]);
        companyView.History.Single(e => e.Kind == "StatusUpdate").NextActionOn.ShouldBe(Today.AddDays(5));
        var handedOverEvent = (await OutboxPayloadsAsync(_factory.Services, "CaseHandedOverToAgency")).Single(p => p.Contains(caseId.ToString(), StringComparison.Ordinal));
        handedOverEvent.ShouldContain("3500");
        handedOverEvent.ShouldContain(first.Id.ToString());
        (await OutboxPayloadsAsync(_factory.Services, "CaseReturnedFromAgency")).Single(p => p.Contains(caseId.ToString(), StringComparison.Ordinal))
            .ShouldContain("\"reason\":\"Recovered\"");

        // Case 2: 4,000 handed over 20 days ago, 1,000 collected (fee 125 at 12.5 %), closed partially recovered.
        var customer2 = await CreateCustomerAsync(manager, _company, "EUR");
        var big = await RecordAsync(manager, _company, "invoices", customer2.Id, 4_000m, Day(-90), Day(-60));
        var partial = await (await HandOverAsync(manager, _company, await OpenCaseAsync(_factory.Services, manager, _company, big), customer2.Id, agency.Id, [big.Id], handedOverOn: Day(-20))).ReadAsync<AgencyCaseDetailResponse>();
        await (await agencyClient.PostAsync($"/api/agency/cases/{partial.Case.Id}/accept", null)).ReadAsync<AgencyCaseDetailResponse>();
        await (await agencyClient.PostJsonAsync($"/api/agency/cases/{partial.Case.Id}/collections", new { amount = 1_000m, collectedOn = Day(-5) })).ReadAsync<AgencyCaseDetailResponse>();
        var recoveredTooEarly = await agencyClient.PostJsonAsync($"/api/agency/cases/{partial.Case.Id}/close", new { outcome = "Recovered" });
        await (await agencyClient.PostJsonAsync($"/api/agency/cases/{partial.Case.Id}/close", new { outcome = "PartiallyRecovered" })).ReadAsync<AgencyCaseDetailResponse>();

        // Case 3: 500 handed over 25 days ago and never accepted: past its first-contact date (15 days ago).
        var customer3 = await CreateCustomerAsync(manager, _company, "EUR");
        var small = await RecordAsync(manager, _company, "invoices", customer3.Id, 500m, Day(-60), Day(-45));
        var ignored = await (await HandOverAsync(manager, _company, await OpenCaseAsync(_factory.Services, manager, _company, small), customer3.Id, agency.Id, [small.Id], handedOverOn: Day(-25))).ReadAsync<AgencyCaseDetailResponse>();

        var performance = await (await manager.GetAsync($"{CollectionUrl(_company)}/agencies/{agency.Id}/performance?from={Day(-40)}&to={Day(0)}"))
            .ReadAsync<AgencyPerformanceResponse>();
        var older = await (await manager.GetAsync($"{CollectionUrl(_company)}/agencies/{agency.Id}/performance?from={Day(-40)}&to={Day(-26)}"))
            .ReadAsync<AgencyPerformanceResponse>();

        (await recoveredTooEarly.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["outcome"]);
        (performance.CasesHandedOver, performance.CasesOpen, performance.CasesRecovered, performance.CasesPartiallyRecovered, performance.CasesUnrecoverable)
            .ShouldBe((3, 1, 1, 1, 0));
        performance.AverageDaysToRecover.ShouldBe(30m);
        var eur = performance.Amounts.Single();
        // 3,500 + 4,000 + 500 handed over; 3,500 + 1,000 collected; fees 250 + 100 + 125; 4,500 / 8,000.
        (eur.Currency, eur.HandedOver, eur.Collected, eur.Fees, eur.RecoveryRate).ShouldBe(("EUR", 8_000m, 4_500m, 475m, 0.5625m));
        (performance.OpenCasesPastSla, performance.OpenCasesPastSlaIds.Single()).ShouldBe((1, ignored.Case.Id));
        (older.CasesHandedOver, older.CasesRecovered, older.Amounts.Single().RecoveryRate).ShouldBe((1, 1, 1m));
    }

    [Fact]
    public async Task RecallCase_WhenTheAgencyHoldsIt_ReturnsItPublishesRecalledAndTheAgencyCanNoLongerReportOnIt()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var agency = await CreateAgencyAsync(manager, _company);
        var other = await CreateAgencyAsync(manager, _company);
        var agencyClient = AgencyClient(_factory, await CreateKeyAsync(manager, _company, agency.Id));
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var invoice = await RecordAsync(manager, _company, "invoices", customer.Id, 900m, Day(-70), Day(-40));
        var caseId = await OpenCaseAsync(_factory.Services, manager, _company, invoice);
        var handover = await (await HandOverAsync(manager, _company, caseId, customer.Id, agency.Id, [invoice.Id])).ReadAsync<AgencyCaseDetailResponse>();
        await (await agencyClient.PostAsync($"/api/agency/cases/{handover.Case.Id}/accept", null)).ReadAsync<AgencyCaseDetailResponse>();

        var byOperator = await (await _factory.SignInAsync(DemoUsers.Operator)).PostJsonAsync($"{Handover(_company, caseId)}/recall", new { reason = "no" });
        var recalled = await (await manager.PostJsonAsync($"{Handover(_company, caseId)}/recall", new { reason = "The customer proposed a payment plan." }))
            .ReadAsync<AgencyCaseDetailResponse>();
        var recallAgain = await manager.PostJsonAsync($"{Handover(_company, caseId)}/recall", new { reason = "twice" });
        var lateUpdate = await agencyClient.PostJsonAsync($"/api/agency/cases/{handover.Case.Id}/updates", new { text = "Still working on it." });
        var lateClose = await agencyClient.PostJsonAsync($"/api/agency/cases/{handover.Case.Id}/close", new { outcome = "Unrecoverable" });
        var stillVisible = await AgencyCaseAsync(agencyClient, handover.Case.Id);
        var secondHandover = await HandOverAsync(manager, _company, caseId, customer.Id, other.Id, [invoice.Id]);

        await byOperator.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (recalled.Case.Status, recalled.Case.ReturnedOn).ShouldBe(("Recalled", Today));
        recalled.History.Last().ShouldSatisfyAllConditions(e => e.Kind.ShouldBe("Recalled"), e => e.Text.ShouldBe("The customer proposed a payment plan."));
        await recallAgain.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        await lateUpdate.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        await lateClose.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        stillVisible.Case.Status.ShouldBe("Recalled");
        (await secondHandover.ShouldHaveStatusAsync(HttpStatusCode.Created)).GetProperty("case").GetProperty("agencyId").GetGuid().ShouldBe(other.Id);
        (await OutboxPayloadsAsync(_factory.Services, "CaseReturnedFromAgency")).Single(p => p.Contains(caseId.ToString(), StringComparison.Ordinal))
            .ShouldContain("\"reason\":\"Recalled\"");
    }

    [Fact]
    public async Task HandOverCase_WhenAnAgencyHoldsTheCaseAlready_Returns409AndWritesNothing()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var agency = await CreateAgencyAsync(manager, _company);
        var other = await CreateAgencyAsync(manager, _company);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var invoice = await RecordAsync(manager, _company, "invoices", customer.Id, 1_200m, Day(-70), Day(-40));
        var caseId = await OpenCaseAsync(_factory.Services, manager, _company, invoice);
        await (await HandOverAsync(manager, _company, caseId, customer.Id, agency.Id, [invoice.Id])).ReadAsync<AgencyCaseDetailResponse>();

        var again = await HandOverAsync(manager, _company, caseId, customer.Id, agency.Id, [invoice.Id]);
        var elsewhere = await HandOverAsync(manager, _company, caseId, customer.Id, other.Id, [invoice.Id]);

        await again.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        await elsewhere.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        (await AgencyCasesOfAsync(_factory.Services, caseId)).ShouldBe(1);
        (await OutboxPayloadsAsync(_factory.Services, "CaseHandedOverToAgency")).Count(p => p.Contains(caseId.ToString(), StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task HandOverCase_WhenNoAgencyIsNamed_GoesToTheDefaultAgency()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await CreateAgencyAsync(manager, _company, isDefault: true);
        var current = await CreateAgencyAsync(manager, _company, isDefault: true);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var invoice = await RecordAsync(manager, _company, "invoices", customer.Id, 300m, Day(-70), Day(-40));

        var handover = await (await HandOverAsync(manager, _company, await OpenCaseAsync(_factory.Services, manager, _company, invoice), customer.Id, null, [invoice.Id])).ReadAsync<AgencyCaseDetailResponse>();
        var agencies = await (await manager.GetAsync($"{CollectionUrl(_company)}/agencies?pageSize=200")).ReadAsync<PagedResult<AgencyResponse>>();

        handover.Case.AgencyId.ShouldBe(current.Id);
        agencies.Items.Where(a => a.IsDefault).Select(a => a.Id).ShouldBe([current.Id]);
    }
}
