using System.Net;
using Etrepaye.Collection.Features.Agencies;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Collection.AgenciesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>
/// An agency's key sees the cases of its own agency in its own company only: another agency's case, another company's case, a
/// revoked key, no key or a user's session get 404 or 401. Members of one company do not see the other's agencies.
/// </summary>
public sealed class AgenciesIsolationTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task AgencyApi_WhenAKeyOfAnotherAgencyOrCompanyAsksForACase_Returns404AndListsOnlyItsOwnCases()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var (agencyA, caseOfA, documentOfA) = await HandedOverCaseAsync(admin, _companyA);
        var agencyA2 = await CreateAgencyAsync(admin, _companyA);
        var (agencyB, caseOfB, _) = await HandedOverCaseAsync(admin, _companyB);
        var keyA = AgencyClient(_factory, await CreateKeyAsync(admin, _companyA, agencyA.Id));
        var keyA2 = AgencyClient(_factory, await CreateKeyAsync(admin, _companyA, agencyA2.Id));
        var keyB = AgencyClient(_factory, await CreateKeyAsync(admin, _companyB, agencyB.Id));

        string[] reads = [$"/api/agency/cases/{caseOfA}", $"/api/agency/cases/{caseOfA}/direct-payments", $"/api/agency/cases/{caseOfA}/documents/{documentOfA}"];
        foreach (var intruder in new[] { keyA2, keyB })
        {
            foreach (var url in reads)
            {
                await (await intruder.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            }

            await (await intruder.PostAsync($"/api/agency/cases/{caseOfA}/accept", null)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            await (await intruder.PostJsonAsync($"/api/agency/cases/{caseOfA}/updates", new { text = "mine now" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            await (await intruder.PostJsonAsync($"/api/agency/cases/{caseOfA}/collections", new { amount = 1m })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            await (await intruder.PostJsonAsync($"/api/agency/cases/{caseOfA}/close", new { outcome = "Unrecoverable" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        var listA = await (await keyA.GetAsync("/api/agency/cases")).ReadAsync<PagedResult<AgencyCaseResponse>>();
        var listA2 = await (await keyA2.GetAsync("/api/agency/cases")).ReadAsync<PagedResult<AgencyCaseResponse>>();
        var listB = await (await keyB.GetAsync("/api/agency/cases")).ReadAsync<PagedResult<AgencyCaseResponse>>();
        listA.Items.Select(c => c.Id).ShouldBe([caseOfA]);
        listA2.TotalCount.ShouldBe(0);
        listB.Items.Select(c => c.Id).ShouldBe([caseOfB]);
        (await AgencyCaseAsync(keyA, caseOfA)).Case.Status.ShouldBe("HandedOver");
        await (await keyA.GetAsync($"/api/agency/cases/{caseOfB}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AgencyApi_WhenTheKeyIsRevokedMissingForgedOrAUserSession_Returns401()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var (agency, caseOfA, _) = await HandedOverCaseAsync(admin, _companyA);
        var key = await CreateKeyAsync(admin, _companyA, agency.Id);
        var client = AgencyClient(_factory, key);
        (await client.GetAsync($"/api/agency/cases/{caseOfA}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var keys = await (await admin.GetAsync($"{CollectionUrl(_companyA)}/agencies/{agency.Id}/api-keys"))
            .ReadAsync<PagedResult<Etrepaye.Collection.Features.Agencies.ListAgencyKeys.AgencyKeyResponse>>();

        (await admin.DeleteAsync($"{CollectionUrl(_companyA)}/agencies/{agency.Id}/api-keys/{keys.Items.Single().Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var revoked = await client.GetAsync($"/api/agency/cases/{caseOfA}");
        var revokedList = await client.GetAsync("/api/agency/cases");
        var revokedWrite = await client.PostAsync($"/api/agency/cases/{caseOfA}/accept", null);
        var forged = await AgencyClient(_factory, key[..^4] + "AAAA").GetAsync("/api/agency/cases");
        var malformed = await AgencyClient(_factory, "not-a-key").GetAsync("/api/agency/cases");
        var none = await _factory.CreateClient().GetAsync("/api/agency/cases");
        var session = await admin.GetAsync("/api/agency/cases");
        var companyApiKey = await _factory.CreateApiKeyClient(key).GetAsync("/api/agency/cases");

        foreach (var response in new[] { revoked, revokedList, revokedWrite, forged, malformed, none, session, companyApiKey })
        {
            (await response.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized)).GetProperty("status").GetInt32().ShouldBe(401);
        }

        (await AgencyCaseAsync(AgencyClient(_factory, await CreateKeyAsync(admin, _companyA, agency.Id)), caseOfA)).Case.Status.ShouldBe("HandedOver");
    }

    [Fact]
    public async Task AgencyApi_WhenTheAgencyIsDeactivated_RefusesItsKeys()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var (agency, _, _) = await HandedOverCaseAsync(admin, _companyA);
        var client = AgencyClient(_factory, await CreateKeyAsync(admin, _companyA, agency.Id));

        (await admin.PutJsonAsync($"{CollectionUrl(_companyA)}/agencies/{agency.Id}", new
        {
            agency.Name, agency.ContactName, agency.Email, agency.Phone, agency.CommissionRate, agency.FirstContactDays, agency.ReportEveryDays,
            isActive = false, agency.Version,
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await client.GetAsync("/api/agency/cases")).ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/agencies")]
    [InlineData("/agencies/{agency}")]
    [InlineData("/agencies/{agency}/cases")]
    [InlineData("/agencies/{agency}/performance?from=2026-01-01&to=2026-12-31")]
    [InlineData("/cases/{case}/agency-handover")]
    public async Task CompanyBAgencies_WhenAMemberOfAOnlyAsks_Returns404(string resource)
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var (agencyB, _, _) = await HandedOverCaseAsync(admin, _companyB);
        var caseOfB = (await (await admin.GetAsync($"{CollectionUrl(_companyB)}/agencies/{agencyB.Id}/cases")).ReadAsync<PagedResult<AgencyCaseResponse>>()).Items.Single().CaseId;
        var path = resource.Replace("{agency}", agencyB.Id.ToString(), StringComparison.Ordinal).Replace("{case}", caseOfB.ToString(), StringComparison.Ordinal);

        var direct = await operatorOfA.GetAsync($"{CollectionUrl(_companyB)}{path}");
        var throughA = await admin.GetAsync($"{CollectionUrl(_companyA)}{path}");

        await direct.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        if (path != "/agencies")
        {
            await throughA.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }
        else
        {
            (await throughA.ReadAsync<PagedResult<AgencyResponse>>()).Items.ShouldNotContain(a => a.Id == agencyB.Id);
        }
    }

    [Fact]
    public async Task CompanyBHandover_WhenAddressedThroughCompanyA_IsNeitherRecalledNorAnnotated()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var (agencyB, _, _) = await HandedOverCaseAsync(admin, _companyB);
        var caseOfB = (await (await admin.GetAsync($"{CollectionUrl(_companyB)}/agencies/{agencyB.Id}/cases")).ReadAsync<PagedResult<AgencyCaseResponse>>()).Items.Single().CaseId;

        await (await admin.PostJsonAsync($"{Handover(_companyA, caseOfB)}/recall", new { reason = "x" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"{Handover(_companyA, caseOfB)}/notes", new { text = "x" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"{CollectionUrl(_companyA)}/agencies/{agencyB.Id}/api-keys", new { name = "x" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);

        var held = await (await admin.GetAsync(Handover(_companyB, caseOfB))).ReadAsync<AgencyCaseDetailResponse>();
        (held.Case.Status, held.History.Count).ShouldBe(("HandedOver", 1));
    }

    private async Task<(AgencyResponse Agency, Guid AgencyCaseId, Guid DocumentId)> HandedOverCaseAsync(HttpClient admin, Guid companyId)
    {
        var agency = await CreateAgencyAsync(admin, companyId);
        var customer = await CreateCustomerAsync(admin, companyId, "EUR");
        var invoice = await RecordAsync(admin, companyId, "invoices", customer.Id, 2_000m, Day(-60), Day(-30));
        var caseId = await OpenCaseAsync(_factory.Services, admin, companyId, invoice);
        var handover = await (await HandOverAsync(admin, companyId, caseId, customer.Id, agency.Id, [invoice.Id])).ReadAsync<AgencyCaseDetailResponse>();
        var document = await (await UploadAsync(admin, companyId, caseId, "%PDF-1.4 agency"u8.ToArray(), "facture.pdf", "application/pdf"))
            .ReadAsync<AgencyCaseDocumentResponse>();
        return (agency, handover.Case.Id, document.Id);
    }
}
