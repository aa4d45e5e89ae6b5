using System.Net;
using Etrepaye.Collection.Features.Agencies;
using Etrepaye.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Etrepaye.IntegrationTests.Collection.AgenciesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>Bad input answers a problem naming the field and writes nothing; documents are checked for size and type.</summary>
public sealed class AgenciesBadInputTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task HandOverCase_WhenTheInputIsBad_Returns400Or422NamingTheFieldAndWritesNothing()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var agency = await CreateAgencyAsync(manager, _company);
        var inactive = await CreateAgencyAsync(manager, _company);
        (await manager.PutJsonAsync($"{CollectionUrl(_company)}/agencies/{inactive.Id}", new
        {
            inactive.Name, inactive.CommissionRate, inactive.FirstContactDays, inactive.ReportEveryDays, isActive = false, inactive.Version,
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var other = await CreateCustomerAsync(manager, _company, "EUR");
        var invoice = await RecordAsync(manager, _company, "invoices", customer.Id, 1_000m, Day(-60), Day(-30));
        var dollars = await RecordAsync(manager, _company, "invoices", customer.Id, 1_000m, Day(-60), Day(-30), currency: "USD");
        var othersInvoice = await RecordAsync(manager, _company, "invoices", other.Id, 1_000m, Day(-60), Day(-30));
        var payment = await RecordAsync(manager, _company, "payments", customer.Id, 50m, Day(-20));
        var caseId = await OpenCaseAsync(_factory.Services, manager, _company, invoice);

        var cases = new (object Body, HttpStatusCode Status, string Field)[]
        {
            (new { customerId = customer.Id, agencyId = agency.Id, invoiceIds = Array.Empty<Guid>() }, HttpStatusCode.BadRequest, "invoiceIds"),
            (new { customerId = Guid.Empty, agencyId = agency.Id, invoiceIds = new[] { invoice.Id } }, HttpStatusCode.BadRequest, "customerId"),
            (new { customerId = customer.Id, agencyId = agency.Id, invoiceIds = new[] { invoice.Id }, note = new string('n', 2001) }, HttpStatusCode.BadRequest, "note"),
            (new { customerId = customer.Id, agencyId = agency.Id, invoiceIds = new[] { othersInvoice.Id } }, HttpStatusCode.UnprocessableEntity, "invoiceIds"),
            (new { customerId = customer.Id, agencyId = agency.Id, invoiceIds = new[] { payment.Id } }, HttpStatusCode.UnprocessableEntity, "invoiceIds"),
            (new { customerId = customer.Id, agencyId = agency.Id, invoiceIds = new[] { invoice.Id, dollars.Id } }, HttpStatusCode.UnprocessableEntity, "invoiceIds"),
            (new { customerId = customer.Id, agencyId = Guid.NewGuid(), invoiceIds = new[] { invoice.Id } }, HttpStatusCode.UnprocessableEntity, "agencyId"),
            (new { customerId = customer.Id, agencyId = inactive.Id, invoiceIds = new[] { invoice.Id } }, HttpStatusCode.UnprocessableEntity, "agencyId"),
            (new { customerId = customer.Id, invoiceIds = new[] { invoice.Id } }, HttpStatusCode.UnprocessableEntity, "agencyId"),
            (new { customerId = Guid.NewGuid(), agencyId = agency.Id, invoiceIds = new[] { invoice.Id } }, HttpStatusCode.UnprocessableEntity, "customerId"),
            (new { customerId = other.Id, agencyId = agency.Id, invoiceIds = new[] { othersInvoice.Id } }, HttpStatusCode.UnprocessableEntity, "customerId"),
            (new { customerId = customer.Id, agencyId = agency.Id, invoiceIds = new[] { invoice.Id }, handedOverOn = Day(3) }, HttpStatusCode.UnprocessableEntity, "handedOverOn"),
        };

        foreach (var (body, status, field) in cases)
        {
            var problem = await (await manager.PostJsonAsync(Handover(_company, caseId), body)).ShouldHaveStatusAsync(status);
            problem.ErrorFields().ShouldBe([field], $"for {System.Text.Json.JsonSerializer.Serialize(body)}");
        }

        var unknownCase = Guid.NewGuid();
        await (await HandOverAsync(manager, _company, unknownCase, customer.Id, agency.Id, [invoice.Id])).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        (await AgencyCasesOfAsync(_factory.Services, unknownCase)).ShouldBe(0);
        var malformed = await manager.PostRawAsync(Handover(_company, caseId), $$"""{ "customerId": "{{customer.Id}}", "invoiceIds": "not a list" }""");
        (await malformed.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["invoiceIds"]);
        (await AgencyCasesOfAsync(_factory.Services, caseId)).ShouldBe(0);
        (await OutboxPayloadsAsync(_factory.Services, "CaseHandedOverToAgency")).ShouldNotContain(p => p.Contains(caseId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AgencyEndpoints_WhenTheInputIsBad_Return400NamingTheFieldAndWriteNothing()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var agency = await CreateAgencyAsync(manager, _company, commissionRate: 10m);
        var agencyClient = AgencyClient(_factory, await CreateKeyAsync(manager, _company, agency.Id));
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var invoice = await RecordAsync(manager, _company, "invoices", customer.Id, 1_000m, Day(-60), Day(-30));
        var handover = await (await HandOverAsync(manager, _company, await OpenCaseAsync(_factory.Services, manager, _company, invoice), customer.Id, agency.Id, [invoice.Id]))
            .ReadAsync<AgencyCaseDetailResponse>();
        await (await agencyClient.PostAsync($"/api/agency/cases/{handover.Case.Id}/accept", null)).ReadAsync<AgencyCaseDetailResponse>();
        var url = $"/api/agency/cases/{handover.Case.Id}";

        var checks = new (Task<HttpResponseMessage> Call, HttpStatusCode Status, string Field)[]
        {
            (manager.PostJsonAsync($"{CollectionUrl(_company)}/agencies", new { name = "", commissionRate = 10m, firstContactDays = 5, reportEveryDays = 30 }), HttpStatusCode.BadRequest, "name"),
            (manager.PostJsonAsync($"{CollectionUrl(_company)}/agencies", new { name = "Over", commissionRate = 120m, firstContactDays = 5, reportEveryDays = 30 }), HttpStatusCode.BadRequest, "commissionRate"),
            (manager.PostJsonAsync($"{CollectionUrl(_company)}/agencies", new { name = "Mail", email = "nope", commissionRate = 1m, firstContactDays = 5, reportEveryDays = 30 }), HttpStatusCode.BadRequest, "email"),
            (manager.PostJsonAsync($"{CollectionUrl(_company)}/agencies", new { name = "Sla", commissionRate = 1m, firstContactDays = 0, reportEveryDays = 30 }), HttpStatusCode.BadRequest, "firstContactDays"),
            (manager.PostJsonAsync($"{CollectionUrl(_company)}/agencies/{agency.Id}/api-keys", new { name = "" }), HttpStatusCode.BadRequest, "name"),
            (agencyClient.PostJsonAsync($"{url}/collections", new { amount = -5m }), HttpStatusCode.BadRequest, "amount"),
            (agencyClient.PostJsonAsync($"{url}/collections", new { amount = 100m, fee = -1m }), HttpStatusCode.BadRequest, "fee"),
            (agencyClient.PostJsonAsync($"{url}/collections", new { amount = 100m, collectedOn = Day(2) }), HttpStatusCode.UnprocessableEntity, "collectedOn"),
            (agencyClient.PostJsonAsync($"{url}/updates", new { text = "" }), HttpStatusCode.BadRequest, "text"),
            (agencyClient.PostJsonAsync($"{url}/updates", new { text = "Later", nextActionDate = Day(-1) }), HttpStatusCode.UnprocessableEntity, "nextActionDate"),
            (agencyClient.PostJsonAsync($"{url}/close", new { outcome = "Done" }), HttpStatusCode.BadRequest, "outcome"),
            (agencyClient.PostJsonAsync($"{url}/close", new { outcome = "PartiallyRecovered" }), HttpStatusCode.UnprocessableEntity, "outcome"),
            (agencyClient.GetAsync("/api/agency/cases?status=Lost"), HttpStatusCode.BadRequest, "status"),
            (agencyClient.GetAsync("/api/agency/cases?pageSize=0"), HttpStatusCode.BadRequest, "pageSize"),
            (manager.GetAsync($"{CollectionUrl(_company)}/agencies/{agency.Id}/performance?from=2026-05-01&to=2026-04-01"), HttpStatusCode.BadRequest, "to"),
        };

        foreach (var (call, status, field) in checks)
        {
            var response = await call;
            (await response.ShouldHaveStatusAsync(status)).ErrorFields().ShouldBe([field], $"{response.RequestMessage!.RequestUri}");
        }

        var after = await AgencyCaseAsync(agencyClient, handover.Case.Id);
        (after.Case.Status, after.Case.CollectedAmount, after.Collections.Count, after.History.Count).ShouldBe(("Accepted", 0m, 0, 2));
        (await CountAsync(_factory.Services, db => db.Agencies.IgnoreQueryFilters().CountAsync(a => a.Name == "Over" || a.Name == "Mail" || a.Name == "Sla"))).ShouldBe(0);
    }

    [Fact]
    public async Task UploadHandoverDocument_WhenOversizeOrOfAForbiddenType_Returns400NamingTheFileAndStoresNothing()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var agency = await CreateAgencyAsync(manager, _company);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var invoice = await RecordAsync(manager, _company, "invoices", customer.Id, 1_000m, Day(-60), Day(-30));
        var caseId = await OpenCaseAsync(_factory.Services, manager, _company, invoice);
        var handover = await (await HandOverAsync(manager, _company, caseId, customer.Id, agency.Id, [invoice.Id])).ReadAsync<AgencyCaseDetailResponse>();
        byte[] oversize = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[10 * 1024 * 1024]];
        byte[] executable = [0x4D, 0x5A, 0x90, 0x00, 0x03];

        var tooBig = await UploadAsync(manager, _company, caseId, oversize, "dossier.pdf", "application/pdf");
        var exe = await UploadAsync(manager, _company, caseId, executable, "dossier.exe", "application/octet-stream");
        var disguised = await UploadAsync(manager, _company, caseId, executable, "dossier.pdf", "application/pdf");
        var empty = await UploadAsync(manager, _company, caseId, [], "dossier.pdf", "application/pdf");
        var notMultipart = await manager.PostJsonAsync($"{Handover(_company, caseId)}/documents", new { file = "x" });
        var byViewer = await UploadAsync(await _factory.SignInAsync(DemoUsers.Viewer), _company, caseId, "%PDF-1.4"u8.ToArray(), "dossier.pdf", "application/pdf");
        var notHeld = await UploadAsync(manager, _company, Guid.NewGuid(), "%PDF-1.4"u8.ToArray(), "dossier.pdf", "application/pdf");

        foreach (var (response, words) in new[] { (tooBig, "limit"), (exe, "not accepted"), (disguised, "not a application/pdf"), (empty, "No file"), (notMultipart, "multipart") })
        {
            var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
            problem.ErrorFields().ShouldBe(["file"]);
            problem.GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain(words);
        }

        await byViewer.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await notHeld.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        (await CountAsync(_factory.Services, db => db.AgencyCaseDocuments.IgnoreQueryFilters().CountAsync(d => d.AgencyCaseId == handover.Case.Id))).ShouldBe(0);
    }
}
