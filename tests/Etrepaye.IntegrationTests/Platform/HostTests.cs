using System.Net;
using System.Text.Json;
using Etrepaye.IntegrationTests.Infrastructure;

namespace Etrepaye.IntegrationTests.Platform;

public sealed class HostTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task HealthReady_WhenHostHasMigrated_ReportsHealthy()
    {
        var client = _factory.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task AnyResponse_WhenCorrelationIdIsSent_EchoesItAndOtherwiseMakesOne()
    {
        var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Correlation-Id", "erp-batch-42");

        var echoed = await client.SendAsync(request);
        var generated = await client.GetAsync("/health/live");
        var injected = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        injected.Headers.TryAddWithoutValidation("X-Correlation-Id", "bad value\twith tab");
        var replaced = await client.SendAsync(injected);

        echoed.Headers.GetValues("X-Correlation-Id").Single().ShouldBe("erp-batch-42");
        generated.Headers.GetValues("X-Correlation-Id").Single().Length.ShouldBe(32);
        replaced.Headers.GetValues("X-Correlation-Id").Single().ShouldNotContain(" ");
    }

    [Fact]
    public async Task OpenApiDocument_WhenRequested_DescribesCompanyRoutesAndAuthentication()
    {
        var client = _factory.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var reference = await client.GetAsync("/scalar");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/companies/{companyId}/members");
        paths.ShouldContain("/api/companies/{companyId}/receivables/settings");
        paths.ShouldContain("/api/auth/sign-in");
        document.GetProperty("info").GetProperty("title").GetString().ShouldBe("Etrepaye API");
        var schemes = document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(p => p.Name);
        schemes.ShouldBe(["bearer", "apiKey", "session"], ignoreOrder: true);
        reference.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Studio_WhenRootIsRequested_IsServed()
    {
        var html = await _factory.CreateClient().GetStringAsync("/");

        html.ShouldContain("Etrepaye Studio");
        html.ShouldContain("id=\"root\"");
    }

    [Fact]
    public async Task Studio_WhenADeepLinkIsRequested_ServesItsIndex()
    {
        var html = await _factory.CreateClient().GetStringAsync($"/c/{Guid.NewGuid()}/procedures/{Guid.NewGuid()}");

        html.ShouldContain("id=\"root\"");
    }

    [Theory]
    [InlineData("/api/nothing-here/deeper")]
    [InlineData("/openapi/nothing.txt")]
    [InlineData("/health/nothing")]
    public async Task StudioFallback_WhenAnApiOrUnknownFileIsRequested_Returns404NotTheStudio(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownApiRoute_WhenRequested_Returns404()
    {
        var response = await _factory.CreateClient().GetAsync("/api/nothing-here");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
