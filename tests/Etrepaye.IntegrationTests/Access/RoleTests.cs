using System.Net;
using System.Text.RegularExpressions;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Access;

public sealed partial class RoleTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private readonly EtrepayeFactory _factory = fixture.Factory;

    /// <summary>Every company-scoped endpoint that changes something, found in the host's route table (none can be forgotten).</summary>
    private IReadOnlyList<(string Method, string Pattern, CompanyRolesMetadata? Roles)> MutatingCompanyEndpoints() =>
        _factory.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<CompanyScopedMetadata>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Endpoint: e)))
            .Where(x => !HttpMethods.IsGet(x.Method) && !HttpMethods.IsHead(x.Method))
            .Select(x => (x.Method, x.Endpoint.RoutePattern.RawText!, x.Endpoint.Metadata.GetMetadata<CompanyRolesMetadata>()))
            .ToList();

    [Fact]
    public void MutatingEndpoints_WhenRouteTableIsRead_EachDeclaresRolesWithoutViewer()
    {
        var endpoints = MutatingCompanyEndpoints();

        endpoints.Count.ShouldBeGreaterThan(5);
        endpoints.Where(e => e.Roles is null).Select(e => $"{e.Method} {e.Pattern}").ShouldBeEmpty("every mutating endpoint declares its roles");
        endpoints.Where(e => e.Roles!.Roles.Contains(CompanyRole.Viewer)).Select(e => $"{e.Method} {e.Pattern}").ShouldBeEmpty();
    }

    [Fact]
    public async Task EveryMutatingEndpoint_WhenCalledByViewer_Returns403()
    {
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);

        foreach (var (method, pattern, _) in MutatingCompanyEndpoints())
        {
            var url = RouteParameter().Replace(pattern, match => match.Groups[1].Value == "companyId" ? EtrepayeFactory.DemoCompanyId.ToString() : Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };

            var response = await viewer.SendAsync(request);

            await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task AddMember_WhenCalledByConsultant_Returns403AndAddsNobody()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);

        var response = await consultant.PostJsonAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/members",
            new { email = "intruder@example.com", displayName = "Intruder", roles = new[] { "Administrator" }, password = "Long-enough-password-1" });

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString()!.ShouldContain("Consultant");
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var members = await admin.GetStringAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/members");
        members.ShouldNotContain("intruder@example.com");
    }

    [Fact]
    public async Task ReadEndpoints_WhenCalledByViewer_AreAllowed()
    {
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);

        (await viewer.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/members")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/receivables/settings")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [GeneratedRegex(@"\{([A-Za-z]+)(:[a-z]+)?\}")]
    private static partial Regex RouteParameter();
}
