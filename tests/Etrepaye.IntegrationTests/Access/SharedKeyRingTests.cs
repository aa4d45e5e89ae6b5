using System.Net;
using System.Net.Http.Json;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Access.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Access;

/// <summary>Two hosts on one database share the data-protection key ring: a session from one is valid on the other.</summary>
public sealed class SharedKeyRingTests
{
    [Fact]
    public async Task SessionCookie_WhenIssuedByOneHost_IsAcceptedByAnotherHostOnTheSameDatabase()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = new EtrepayeFactory(database);
        var signIn = await first.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false })
            .PostAsJsonAsync("/api/auth/sign-in", new { email = DemoUsers.Operator, password = EtrepayeFactory.DemoPassword });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("etrepaye.session=", StringComparison.Ordinal)).Split(';')[0];

        await using var second = new EtrepayeFactory(database);
        var client = second.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        var me = await client.GetAsync("/api/me");

        await me.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await me.Content.ReadAsStringAsync()).ShouldContain(DemoUsers.Operator);
        await using var scope = second.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<AccessDbContext>().DataProtectionKeys.CountAsync()).ShouldBeGreaterThan(0);
    }
}
