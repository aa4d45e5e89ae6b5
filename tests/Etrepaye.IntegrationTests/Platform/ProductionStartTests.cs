using System.Net;
using Etrepaye.IntegrationTests.Infrastructure;

namespace Etrepaye.IntegrationTests.Platform;

/// <summary>Outside demo mode the host refuses to start until an administrator is set up by create-admin.</summary>
public sealed class ProductionStartTests
{
    private static readonly Dictionary<string, string?> _production = new() { ["Etrepaye:DemoMode"] = "false" };

    [Fact]
    public async Task Start_WhenProductionHasNoAdministrator_RefusesToStart()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new EtrepayeFactory(database, _production);

        var failure = Should.Throw<InvalidOperationException>(() => factory.CreateClient());

        failure.Message.ShouldContain("create-admin");
    }

    [Fact]
    public async Task Start_WhenCreateAdminRanFirst_StartsWithoutDemoDataAndTheAdminSignsIn()
    {
        await using var database = await TestDatabase.CreateAsync();
        var connection = $"--Database:ConnectionString={database.ConnectionString}";
        var provider = $"--Database:Provider={database.Provider}";

        var exitCode = await Etrepaye.Host.Hosting.CommandLineVerbs.RunAsync(
            ["create-admin", "--email", "owner@acme.example", "--company", "ACME Industrie", "--password", "Owner-password-2026", provider, connection]);

        exitCode.ShouldBe(0);
        await using var factory = new EtrepayeFactory(database, _production);
        var owner = await factory.SignInAsync("owner@acme.example", "Owner-password-2026");
        var companies = await owner.GetStringAsync("/api/companies");
        companies.ShouldContain("ACME Industrie");
        companies.ShouldNotContain("Démo");
        var demoLogin = await factory.CreateClient().PostJsonAsync("/api/auth/sign-in", new { email = DemoUsers.Admin, password = EtrepayeFactory.DemoPassword });
        demoLogin.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task MigrateVerb_WhenRunTwice_AppliesOnceAndSucceedsBothTimes()
    {
        await using var database = await TestDatabase.CreateAsync();
        string[] args = ["migrate", $"--Database:Provider={database.Provider}", $"--Database:ConnectionString={database.ConnectionString}"];

        (await Etrepaye.Host.Hosting.CommandLineVerbs.RunAsync(args)).ShouldBe(0);
        (await Etrepaye.Host.Hosting.CommandLineVerbs.RunAsync(args)).ShouldBe(0);

        // Started without migrating itself, the host finds every table and stops only for the missing administrator.
        await using var factory = new EtrepayeFactory(database, new Dictionary<string, string?> { ["Etrepaye:DemoMode"] = "false", ["Database:MigrateOnStartup"] = "false" });
        Should.Throw<InvalidOperationException>(() => factory.CreateClient()).Message.ShouldContain("No administrator");
    }
}
