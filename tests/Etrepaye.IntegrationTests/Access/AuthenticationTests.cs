using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Etrepaye.Access.Features.CreateApiKey;
using Etrepaye.Access.Features.GetCurrentUser;
using Etrepaye.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Etrepaye.IntegrationTests.Access;

public sealed class AuthenticationTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task SignIn_WhenPasswordIsRight_SetsAnHttpOnlySessionCookie()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var response = await client.PostJsonAsync("/api/auth/sign-in", new { email = DemoUsers.Operator, password = EtrepayeFactory.DemoPassword });

        var me = await response.ReadAsync<CurrentUserResponse>();
        me.Email.ShouldBe(DemoUsers.Operator);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("etrepaye.session=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
    }

    [Fact]
    public async Task SignIn_WhenPasswordIsWrong_Returns401WithoutSayingWhichPartIsWrong()
    {
        var client = _factory.CreateClient();

        var wrongPassword = await client.PostJsonAsync("/api/auth/sign-in", new { email = DemoUsers.Viewer, password = "not-the-password" });
        var unknownUser = await client.PostJsonAsync("/api/auth/sign-in", new { email = "nobody@example.com", password = "not-the-password" });

        var first = await wrongPassword.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        var second = await unknownUser.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        first.GetProperty("detail").GetString().ShouldBe(second.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SignIn_WhenFiveAttemptsFailed_LocksTheAccountEvenForTheRightPassword()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        await admin.PostJsonAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/members",
            new { email = "lockme@example.com", displayName = "Lock Me", roles = new[] { "Viewer" }, password = "Right-password-123" });
        var client = _factory.CreateClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await client.PostJsonAsync("/api/auth/sign-in", new { email = "lockme@example.com", password = "wrong-password-123" });
        }

        var response = await client.PostJsonAsync("/api/auth/sign-in", new { email = "lockme@example.com", password = "Right-password-123" });

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("locked");
    }

    [Fact]
    public async Task CompanyRoute_WhenNotAuthenticated_Returns401Problem()
    {
        var response = await _factory.CreateClient().GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/members");

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("status").GetInt32().ShouldBe(401);
    }

    [Fact]
    public async Task SignOut_WhenSignedIn_EndsTheSession()
    {
        var client = await _factory.SignInAsync(DemoUsers.Operator);
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await client.PostAsync("/api/auth/sign-out", null);

        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BearerToken_WhenIssuedAndRefreshed_AuthenticatesApiCalls()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var token = await (await client.PostJsonAsync("/api/auth/token", new { email = DemoUsers.CreditManager, password = EtrepayeFactory.DemoPassword }))
            .ReadAsync<JsonElement>();

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var settings = await client.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/receivables/settings");
        var refreshed = await (await client.PostJsonAsync("/api/auth/token/refresh", new { refreshToken = token.GetProperty("refreshToken").GetString() }))
            .ReadAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", refreshed.GetProperty("accessToken").GetString());
        var me = await (await client.GetAsync("/api/me")).ReadAsync<CurrentUserResponse>();

        await settings.ShouldHaveStatusAsync(HttpStatusCode.OK);
        me.Email.ShouldBe(DemoUsers.CreditManager);
    }

    [Fact]
    public async Task BearerToken_WhenForged_Returns401()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "forged-token");

        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiKey_WhenValid_ActsWithItsRoleOnlyAndStopsWhenRevoked()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var key = await (await admin.PostJsonAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/api-keys", new { name = "reporting", role = "Viewer" }))
            .ReadAsync<CreatedApiKeyResponse>();
        var integration = _factory.CreateApiKeyClient(key.Key);

        var read = await integration.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/legal-entities");
        var write = await integration.PostJsonAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/legal-entities", new { code = "KEY", name = "By key" });
        var personal = await integration.GetAsync("/api/companies");
        await admin.DeleteAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/api-keys/{key.Id}");
        var afterRevoke = await integration.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/legal-entities");

        await read.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await write.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await personal.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await afterRevoke.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("etp_nonsense")]
    [InlineData("etp_0193f0a000007000800000000000de01_wrongsecret")]
    [InlineData("Bearer whatever")]
    public async Task ApiKey_WhenMalformedOrUnknown_Returns401(string key)
    {
        var response = await _factory.CreateApiKeyClient(key).GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/legal-entities");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiKey_WhenRoleIsAdministrator_IsRefusedWith400()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);

        var response = await admin.PostJsonAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/api-keys", new { name = "too-strong", role = "Administrator" });

        (await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("role");
    }

    [Fact]
    public async Task ApiKeyList_WhenKeysExist_NeverShowsSecretsAndAuditRedactsThem()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var key = await (await admin.PostJsonAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/api-keys", new { name = "secretive", role = "Operator" }))
            .ReadAsync<CreatedApiKeyResponse>();
        // "etp_{32 hex digits of the id}_{secret}": the secret is Base64Url and may itself hold '_'.
        var secret = key.Key[("etp_".Length + 33)..];

        var list = await admin.GetStringAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/api-keys");
        var audit = await admin.GetStringAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/audit?pageSize=200");

        list.ShouldContain("secretive");
        list.ShouldNotContain(secret);
        audit.ShouldContain("CreateApiKeyCommand");
        audit.ShouldNotContain("secretHash", Case.Insensitive);
    }
}

/// <summary>A host of its own with a low sign-in rate, so that other tests' sign-ins do not count.</summary>
public sealed class SignInRateLimitTests : IAsyncLifetime
{
    private EtrepayeFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new EtrepayeFactory(await TestDatabase.CreateAsync(), new Dictionary<string, string?> { ["Security:SignInAttemptsPerMinute"] = "3" });

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _factory.Database.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_WhenTooManyAttemptsFromOneAddress_Returns429Problem()
    {
        var client = _factory.CreateClient();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await client.PostJsonAsync("/api/auth/sign-in", new { email = DemoUsers.Viewer, password = "guess-number-" + attempt });
        }

        var response = await client.PostJsonAsync("/api/auth/sign-in", new { email = DemoUsers.Viewer, password = EtrepayeFactory.DemoPassword });

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("title").GetString().ShouldBe("Too many attempts");
    }
}
