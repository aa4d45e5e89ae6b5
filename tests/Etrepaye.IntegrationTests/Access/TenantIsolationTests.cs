using System.Net;
using System.Net.Http.Json;
using Etrepaye.Access.Features;
using Etrepaye.Access.Features.AddLegalEntity;
using Etrepaye.Access.Features.CreateApiKey;
using Etrepaye.Access.Features.ListMyCompanies;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;

namespace Etrepaye.IntegrationTests.Access;

/// <summary>Company A's people and keys try every way we know to see or touch company B's data.</summary>
public sealed class TenantIsolationTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    public static TheoryData<string> CompanyBResources => new()
    {
        "",
        "/legal-entities",
        "/members",
        "/receivables/settings",
        "/audit",
        "/api-keys",
    };

    [Theory]
    [MemberData(nameof(CompanyBResources))]
    public async Task GetCompanyBResource_WhenCallerIsOnlyMemberOfA_Returns404(string resource)
    {
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);

        var response = await operatorOfA.GetAsync($"/api/companies/{_companyB}{resource}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetUnknownCompany_WhenSignedIn_Returns404LikeAForeignCompany()
    {
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);

        var response = await operatorOfA.GetAsync($"/api/companies/{Guid.NewGuid()}/members");

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListMyCompanies_WhenOperatorOfAOnly_ShowsOnlyA()
    {
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);

        var companies = await (await operatorOfA.GetAsync("/api/companies")).ReadAsync<PagedResult<MyCompanyResponse>>();

        companies.Items.Select(c => c.Id).ShouldBe([_companyA]);
    }

    [Fact]
    public async Task ListMembers_WhenCompanyBHasMembers_ReturnsNoneOfB()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var membersOfB = await (await admin.GetAsync($"/api/companies/{_companyB}/members")).ReadAsync<PagedResult<MemberResponse>>();
        var membersOfA = await (await admin.GetAsync($"/api/companies/{_companyA}/members")).ReadAsync<PagedResult<MemberResponse>>();

        membersOfB.Items.ShouldNotBeEmpty();
        membersOfA.Items.Select(m => m.MembershipId).ShouldNotContain(id => membersOfB.Items.Any(b => b.MembershipId == id));
        var legalEntitiesOfA = await (await admin.GetAsync($"/api/companies/{_companyA}/legal-entities")).ReadAsync<PagedResult<LegalEntityResponse>>();
        var legalEntitiesOfB = await (await admin.GetAsync($"/api/companies/{_companyB}/legal-entities")).ReadAsync<PagedResult<LegalEntityResponse>>();
        legalEntitiesOfA.Items.Select(e => e.Id).Intersect(legalEntitiesOfB.Items.Select(e => e.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ChangeRolesOfBMember_WhenAddressedThroughCompanyA_Returns404AndChangesNothing()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var memberOfB = (await (await admin.GetAsync($"/api/companies/{_companyB}/members")).ReadAsync<PagedResult<MemberResponse>>())
            .Items.First(m => m.Email == DemoUsers.Consultant);

        // The admin administers A: the route is allowed, but B's row must stay invisible through A.
        var change = await admin.PutAsJsonAsync($"/api/companies/{_companyA}/members/{memberOfB.MembershipId}", new { roles = new[] { "Viewer" }, version = memberOfB.Version }, Json.Options);
        var remove = await admin.DeleteAsync($"/api/companies/{_companyA}/members/{memberOfB.MembershipId}");

        await change.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await remove.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        var after = (await (await admin.GetAsync($"/api/companies/{_companyB}/members")).ReadAsync<PagedResult<MemberResponse>>())
            .Items.Single(m => m.MembershipId == memberOfB.MembershipId);
        after.Roles.ShouldBe(memberOfB.Roles);
    }

    [Fact]
    public async Task RevokeKeyOfB_WhenAddressedThroughCompanyA_Returns404AndKeyStillWorks()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var keyOfB = await (await admin.PostJsonAsync($"/api/companies/{_companyB}/api-keys", new { name = "erp-b", role = "Viewer" })).ReadAsync<CreatedApiKeyResponse>();

        var revoke = await admin.DeleteAsync($"/api/companies/{_companyA}/api-keys/{keyOfB.Id}");

        await revoke.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        var useKey = await _factory.CreateApiKeyClient(keyOfB.Key).GetAsync($"/api/companies/{_companyB}/legal-entities");
        await useKey.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ApiKeyOfA_WhenUsedOnCompanyB_Returns404()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var keyOfA = await (await admin.PostJsonAsync($"/api/companies/{_companyA}/api-keys", new { name = "erp-a", role = "Operator" })).ReadAsync<CreatedApiKeyResponse>();
        var integration = _factory.CreateApiKeyClient(keyOfA.Key);

        var readB = await integration.GetAsync($"/api/companies/{_companyB}/legal-entities");
        var writeB = await integration.PostJsonAsync($"/api/companies/{_companyB}/legal-entities", new { code = "HACK", name = "Hack" });
        var readA = await integration.GetAsync($"/api/companies/{_companyA}/legal-entities");

        await readB.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await writeB.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await readA.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var entitiesOfB = await (await admin.GetAsync($"/api/companies/{_companyB}/legal-entities")).ReadAsync<PagedResult<LegalEntityResponse>>();
        entitiesOfB.Items.ShouldNotContain(e => e.Code == "HACK");
    }

    [Fact]
    public async Task AuditLog_WhenReadInCompanyA_HoldsNoEntryOfB()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        await admin.PostJsonAsync($"/api/companies/{_companyB}/legal-entities", new { code = "B-ONLY", name = "Only in B" });

        var auditOfA = await (await admin.GetAsync($"/api/companies/{_companyA}/audit?pageSize=200")).ReadAsync<PagedResult<Etrepaye.Shared.Auditing.AuditEntryResponse>>();

        auditOfA.Items.ShouldNotBeEmpty();
        auditOfA.Items.ShouldNotContain(a => a.After != null && a.After.Contains("B-ONLY"));
        auditOfA.Items.ShouldNotContain(a => a.After != null && a.After.Contains(_companyB.ToString()));
    }
}
