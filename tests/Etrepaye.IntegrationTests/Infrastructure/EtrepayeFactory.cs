using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Etrepaye.IntegrationTests.Infrastructure;

/// <summary>
/// The real host (every module, real middleware, real database) over in-memory HTTP, in demo mode unless told
/// otherwise, on a database of its own. Settings override appsettings as environment variables would.
/// </summary>
public class EtrepayeFactory(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Etrepaye-Demo-2026";
    public static readonly Guid DemoCompanyId = Guid.Parse("01937a5e-0000-7000-8000-00000000de01");
    public static readonly Guid DemoClientCompanyId = Guid.Parse("01937a5e-0000-7000-8000-00000000de02");

    public TestDatabase Database => database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var logDirectory = Path.Combine(Path.GetTempPath(), "etrepaye-tests", "logs");
        var all = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider,
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Etrepaye:DemoMode"] = "true",
            ["Etrepaye:DemoData"] = "false",
            ["Security:SignInAttemptsPerMinute"] = "10000",
            ["Outbox:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }

        // Serilog's nested sections do not survive the command-line form UseSetting takes; they are applied at build time.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:WriteTo:1:Args:path"] = Path.Combine(logDirectory, "etrepaye-.json"),
        }));
    }

    /// <summary>A client signed in with the Studio's session cookie.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = DemoPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { email, password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    public HttpClient CreateApiKeyClient(string key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}

/// <summary>One demo-mode host and database shared by the tests of a class.</summary>
public sealed class DemoHostFixture : IAsyncLifetime
{
    public EtrepayeFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new EtrepayeFactory(await TestDatabase.CreateAsync());
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
    }
}

public static class DemoUsers
{
    public const string Admin = "admin@demo.etrepaye.test";
    public const string CreditManager = "credit.manager@demo.etrepaye.test";
    public const string Operator = "operator@demo.etrepaye.test";
    public const string Consultant = "consultant@demo.etrepaye.test";
    public const string Viewer = "viewer@demo.etrepaye.test";
}
