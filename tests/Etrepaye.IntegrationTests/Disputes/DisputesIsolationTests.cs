using System.Net;
using Etrepaye.Disputes.Features;
using Etrepaye.Disputes.Features.RequestInternalAnswer;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Disputes.DisputesApi;

namespace Etrepaye.IntegrationTests.Disputes;

/// <summary>A member of the demo company tries to see or touch the second company's disputes, reasons, documents, requests and reports.</summary>
public sealed class DisputesIsolationTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    public static TheoryData<string> CompanyBResources => new()
    {
        "",
        "/reasons",
        "/requests",
        "/reports",
        "/reports?asOf=2026-06-30",
        $"/{Guid.NewGuid()}",
    };

    [Theory]
    [MemberData(nameof(CompanyBResources))]
    public async Task GetCompanyBDisputes_WhenCallerIsOnlyMemberOfA_Returns404(string resource)
    {
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);

        var response = await operatorOfA.GetAsync($"{Url(_companyB)}{resource}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DisputesOfB_WhenAddressedThroughCompanyAOrByAMemberOfAOnly_AreNeverSeenNorChanged()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var (customerOfB, invoicesOfB) = await CustomerWithInvoicesAsync(admin, _companyB, 700m);
        var disputeOfB = await OpenDisputeAsync(admin, _companyB, customerOfB.Id, (invoicesOfB[0].Id, null));
        var documentOfB = await (await admin.PostAsync($"{Url(_companyB)}/{disputeOfB.Id}/documents", File("%PDF-1.4 b"u8.ToArray(), "b.pdf", "application/pdf")))
            .ReadAsync<DisputeDocumentResponse>();
        var requestOfB = await (await admin.PostJsonAsync($"{Url(_companyB)}/{disputeOfB.Id}/requests", new { recipientEmail = "sales@b.test", message = "?" }))
            .ReadAsync<InternalRequestCreatedResponse>();

        string[] reads = [$"{Url(_companyA)}/{disputeOfB.Id}", $"{Url(_companyA)}/{disputeOfB.Id}/documents/{documentOfB.Id}"];
        foreach (var url in reads)
        {
            await (await admin.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            await (await operatorOfA.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            await (await operatorOfA.GetAsync(url.Replace(Url(_companyA), Url(_companyB), StringComparison.Ordinal))).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        var writes = new (string Url, object Body)[]
        {
            ($"{Url(_companyA)}/{disputeOfB.Id}/status", new { status = "WaitingForCustomer" }),
            ($"{Url(_companyA)}/{disputeOfB.Id}/resolve", new { outcome = "CreditNoteExpected", comment = "x" }),
            ($"{Url(_companyA)}/{disputeOfB.Id}/reject", new { comment = "x" }),
            ($"{Url(_companyA)}/{disputeOfB.Id}/cancel", new { comment = "x" }),
            ($"{Url(_companyA)}/{disputeOfB.Id}/comments", new { text = "x" }),
            ($"{Url(_companyA)}/{disputeOfB.Id}/requests", new { recipientEmail = "a@a.test", message = "x" }),
            ($"{Url(_companyA)}/{disputeOfB.Id}/requests/{requestOfB.Request.Id}/revoke", new { }),
        };
        foreach (var (url, body) in writes)
        {
            await (await admin.PostJsonAsync(url, body)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            await (await operatorOfA.PostJsonAsync(url.Replace(Url(_companyA), Url(_companyB), StringComparison.Ordinal), body)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        await (await admin.PatchAsync($"{Url(_companyA)}/{disputeOfB.Id}", System.Net.Http.Json.JsonContent.Create(new { publicNote = "x" }))).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsync($"{Url(_companyA)}/{disputeOfB.Id}/documents", File("%PDF-1.4 a"u8.ToArray(), "a.pdf", "application/pdf"))).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await operatorOfA.PutAsync($"{Url(_companyB)}/reasons/price", System.Net.Http.Json.JsonContent.Create(new { name = "P", ownerDepartment = "Sales", slaBusinessDays = 2 })))
            .ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        (await (await OpenAsync(admin, _companyA, customerOfB.Id, "price", (invoicesOfB[0].Id, null))).ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity))
            .ErrorFields().ShouldBe(["customerId"]);

        var disputesOfA = await (await admin.GetAsync($"{Url(_companyA)}?pageSize=200")).ReadAsync<PagedResult<DisputeResponse>>();
        disputesOfA.Items.ShouldNotContain(d => d.Id == disputeOfB.Id);
        var requestsOfA = await (await admin.GetAsync($"{Url(_companyA)}/requests?pageSize=200")).ReadAsync<PagedResult<InternalRequestResponse>>();
        requestsOfA.Items.ShouldNotContain(r => r.Id == requestOfB.Request.Id);
        var reportOfA = await (await admin.GetAsync($"{Url(_companyA)}/reports")).ReadAsync<Etrepaye.Disputes.Features.GetDisputesReport.DisputesReportResponse>();
        reportOfA.ByCustomer.ShouldNotContain(g => g.Key.StartsWith(customerOfB.Reference));
        (await HeldAsync(_factory.Services, _companyA, invoicesOfB[0].Id)).ShouldBeEmpty();
        var detailInB = await (await admin.GetAsync($"{Url(_companyB)}/{disputeOfB.Id}")).ReadAsync<DisputeDetailResponse>();
        (detailInB.Dispute.Status, detailInB.Documents.Count, detailInB.Requests.Single().Status).ShouldBe(("WaitingInternally", 1, "Pending"));
    }

    [Fact]
    public async Task Writes_WhenTheCallerIsAViewer_Return403AndDecisionsNeedACreditManager()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _companyA, 100m);
        var dispute = await OpenDisputeAsync(op, _companyA, customer.Id, (invoices[0].Id, null));

        await (await OpenAsync(viewer, _companyA, customer.Id, "price", (invoices[0].Id, null))).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await viewer.PostJsonAsync($"{Url(_companyA)}/{dispute.Id}/comments", new { text = "x" })).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await viewer.PostJsonAsync($"{Url(_companyA)}/{dispute.Id}/status", new { status = "WaitingForCustomer" })).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await viewer.PostJsonAsync($"{Url(_companyA)}/{dispute.Id}/requests", new { recipientEmail = "a@a.test", message = "x" })).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await viewer.PostAsync($"{Url(_companyA)}/{dispute.Id}/documents", File("%PDF-1.4"u8.ToArray(), "a.pdf", "application/pdf"))).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await viewer.PostJsonAsync($"{Url(_companyA)}/{dispute.Id}/cancel", new { comment = "x" })).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await op.PostJsonAsync($"{Url(_companyA)}/{dispute.Id}/reject", new { comment = "x" })).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await op.PostJsonAsync($"{Url(_companyA)}/{dispute.Id}/resolve", new { outcome = "CreditNoteExpected", comment = "x" })).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await viewer.PutAsync($"{Url(_companyA)}/reasons/price", System.Net.Http.Json.JsonContent.Create(new { name = "P", ownerDepartment = "Sales", slaBusinessDays = 2 })))
            .ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var read = await (await viewer.GetAsync($"{Url(_companyA)}/{dispute.Id}")).ReadAsync<DisputeDetailResponse>();
        (read.Dispute.Status, read.Timeline.Count).ShouldBe(("Open", 1));
    }
}
