using System.Net;
using System.Net.Http.Json;
using Etrepaye.Access.Features;
using Etrepaye.Access.Features.ListMyCompanies;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.IntegrationTests.Access;

public sealed class MembershipTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly string _members = $"/api/companies/{EtrepayeFactory.DemoCompanyId}/members";
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task CreateCompany_WhenConsultantCreatesAClient_TheyAdministerItAndStillSeeTheFirst()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);

        var created = await consultant.PostJsonAsync("/api/companies", new { name = "Atelier Martin SARL", country = "FR", currency = "EUR", timeZone = "Europe/Paris" });

        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var companies = await (await consultant.GetAsync("/api/companies")).ReadAsync<PagedResult<MyCompanyResponse>>();
        companies.Items.Single(c => c.Name == "Atelier Martin SARL").Roles.ShouldBe([CompanyRole.Administrator]);
        companies.Items.Single(c => c.Id == EtrepayeFactory.DemoCompanyId).Roles.ShouldBe([CompanyRole.Consultant]);
        companies.Items.Single(c => c.Name == "Atelier Martin SARL").Language.ShouldBe("fr");
    }

    [Fact]
    public async Task AddMember_WhenUserAlreadyExistsElsewhere_AddsAMembershipWithoutANewPassword()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var company = await (await admin.PostJsonAsync("/api/companies", new { name = "Négoce Bis", country = "BE", currency = "EUR", timeZone = "Europe/Brussels" }))
            .ReadAsync<CompanyResponse>();

        var added = await admin.PostJsonAsync($"/api/companies/{company.Id}/members", new { email = DemoUsers.Operator, displayName = "Olivier", roles = new[] { "Operator", "Viewer" } });
        var again = await admin.PostJsonAsync($"/api/companies/{company.Id}/members", new { email = DemoUsers.Operator, displayName = "Olivier", roles = new[] { "Operator" } });

        (await added.ReadAsync<MemberResponse>()).Roles.ShouldBe([CompanyRole.Operator, CompanyRole.Viewer]);
        await again.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        var operatorClient = await _factory.SignInAsync(DemoUsers.Operator);
        (await operatorClient.GetAsync($"/api/companies/{company.Id}/legal-entities")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RemoveMember_WhenItIsTheLastAdministrator_Returns422AndKeepsIt()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var company = await (await admin.PostJsonAsync("/api/companies", new { name = "Solo SAS", country = "FR", currency = "EUR", timeZone = "Europe/Paris" }))
            .ReadAsync<CompanyResponse>();
        var me = (await (await admin.GetAsync($"/api/companies/{company.Id}/members")).ReadAsync<PagedResult<MemberResponse>>()).Items.Single();

        var remove = await admin.DeleteAsync($"/api/companies/{company.Id}/members/{me.MembershipId}");
        var demote = await admin.PutAsJsonAsync($"/api/companies/{company.Id}/members/{me.MembershipId}", new { roles = new[] { "Viewer" }, version = me.Version }, Json.Options);

        (await remove.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().ShouldBe("last-administrator");
        (await demote.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldContain("roles");
        (await admin.GetAsync($"/api/companies/{company.Id}/members")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ChangeMemberRoles_WhenVersionIsStale_Returns409AndKeepsTheFirstChange()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var member = await (await admin.PostJsonAsync(_members, new { email = "racer@example.com", displayName = "Racer", roles = new[] { "Operator" }, password = "Racing-password-42" }))
            .ReadAsync<MemberResponse>();

        var first = await admin.PutAsJsonAsync($"{_members}/{member.MembershipId}", new { roles = new[] { "CreditManager" }, version = member.Version }, Json.Options);
        var second = await admin.PutAsJsonAsync($"{_members}/{member.MembershipId}", new { roles = new[] { "Viewer" }, version = member.Version }, Json.Options);

        (await first.ReadAsync<MemberResponse>()).Version.ShouldBe(member.Version + 1);
        await second.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        var after = (await (await admin.GetAsync($"{_members}?pageSize=200")).ReadAsync<PagedResult<MemberResponse>>()).Items.Single(m => m.MembershipId == member.MembershipId);
        after.Roles.ShouldBe([CompanyRole.CreditManager]);
    }

    [Fact]
    public async Task ChangeMemberRoles_WhenAnAdministratorIsDemoted_TakesEffectOnTheirNextRequest()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var member = await (await admin.PostJsonAsync(_members, new { email = "demoted@example.com", displayName = "Demoted", roles = new[] { "Administrator" }, password = "Demoted-password-42" }))
            .ReadAsync<MemberResponse>();
        var demoted = await _factory.SignInAsync("demoted@example.com", "Demoted-password-42");
        // Two requests as an administrator: the second is answered from the roles Access keeps for a few seconds.
        (await demoted.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/api-keys")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await demoted.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/api-keys")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var changed = await admin.PutAsJsonAsync($"{_members}/{member.MembershipId}", new { roles = new[] { "Viewer" }, version = member.Version }, Json.Options);

        await changed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await demoted.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/api-keys")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await demoted.GetAsync(_members)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RemoveMember_WhenDone_IsAuditedWithActorAndBeforeValuesAndRevokesAccessAtOnce()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var member = await (await admin.PostJsonAsync(_members, new { email = "leaver@example.com", displayName = "Leaver", roles = new[] { "Operator" }, password = "Leaving-password-42" }))
            .ReadAsync<MemberResponse>();
        var leaver = await _factory.SignInAsync("leaver@example.com", "Leaving-password-42");
        (await leaver.GetAsync(_members)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var removed = await admin.DeleteAsync($"{_members}/{member.MembershipId}");

        await removed.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        (await leaver.GetAsync(_members)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var audit = await (await admin.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/audit?entityId={member.MembershipId}")).ReadAsync<PagedResult<AuditEntryResponse>>();
        var entry = audit.Items.Single(a => a.Change == "Deleted");
        entry.Action.ShouldBe("RemoveMemberCommand");
        entry.ActorName.ShouldBe(DemoUsers.Admin);
        entry.Before!.ShouldContain("Operator");
        audit.Items.ShouldContain(a => a.Change == "Added" && a.Action == "AddMemberCommand");
    }

    [Fact]
    public async Task UpdateCompany_WhenVersionIsCurrent_ChangesSettingsAndStaleVersionGets409()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var company = await (await admin.PostJsonAsync("/api/companies", new { name = "Rename Me", country = "FR", currency = "EUR", timeZone = "Europe/Paris" }))
            .ReadAsync<CompanyResponse>();

        var updated = await admin.PutAsJsonAsync($"/api/companies/{company.Id}", new { name = "Renamed", currency = "CHF", timeZone = "Europe/Zurich", language = "en", version = company.Version }, Json.Options);
        var stale = await admin.PutAsJsonAsync($"/api/companies/{company.Id}", new { name = "Too late", currency = "EUR", timeZone = "Europe/Paris", language = "fr", version = company.Version }, Json.Options);

        var after = await updated.ReadAsync<CompanyResponse>();
        after.Name.ShouldBe("Renamed");
        after.Currency.ShouldBe("CHF");
        await stale.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
    }
}
