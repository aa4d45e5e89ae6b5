using System.Net;
using Etrepaye.Access.Features.AddLegalEntity;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Contracts;

namespace Etrepaye.IntegrationTests.Access;

/// <summary>Bad input gets a 400 problem naming the field at fault, and nothing is written.</summary>
public sealed class BadInputTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly string _legalEntities = $"/api/companies/{EtrepayeFactory.DemoCompanyId}/legal-entities";
    private readonly EtrepayeFactory _factory = fixture.Factory;

    public static TheoryData<string, string> BadLegalEntities => new()
    {
        { "{\"code\":\"X1\",\"name\":\"Entity\"", "$" },
        { """{}""", "code" },
        { """{"code":"X1"}""", "name" },
        { """{"code":"X1","name":42}""", "name" },
        { """{"code":"X1","name":"Entity","shareCapital":{"amount":1000,"currency":"EUX"}}""", "shareCapital.currency" },
        { """{"code":"X1","name":"Entity","shareCapital":{"amount":-1,"currency":"EUR"}}""", "shareCapital.amount" },
        { """{"code":"X1","name":"Entity","shareCapital":{"amount":"lots","currency":"EUR"}}""", "shareCapital.amount" },
        { """{"code":"X1","name":"Entity","siren":"12345"}""", "siren" },
        { """{"code":"X1","name":"Entity","colour":"blue"}""", "colour" },
        { """{"code":"bad code!","name":"Entity"}""", "code" },
    };

    [Theory]
    [MemberData(nameof(BadLegalEntities))]
    public async Task AddLegalEntity_WhenInputIsBad_Returns400NamingTheFieldAndWritesNothing(string body, string field)
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var entitiesBefore = await CountLegalEntitiesAsync(admin);
        var auditBefore = await CountAuditAsync(admin);

        var response = await admin.PostRawAsync(_legalEntities, body);

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldContain(field);
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        (await CountLegalEntitiesAsync(admin)).ShouldBe(entitiesBefore);
        (await CountAuditAsync(admin)).ShouldBe(auditBefore);
    }

    public static TheoryData<string, string> BadCompanies => new()
    {
        { """{"name":"Nova","country":"FR","currency":"EURO","timeZone":"Europe/Paris"}""", "currency" },
        { """{"name":"Nova","country":"ZZ","currency":"EUR","timeZone":"Europe/Paris"}""", "country" },
        { """{"name":"Nova","country":"FR","currency":"EUR","timeZone":"Mars/Olympus"}""", "timeZone" },
        { """{"name":"","country":"FR","currency":"EUR","timeZone":"Europe/Paris"}""", "name" },
        { """{"name":"Nova","country":"FR","currency":"EUR","timeZone":"Europe/Paris","language":"de"}""", "language" },
    };

    [Theory]
    [MemberData(nameof(BadCompanies))]
    public async Task CreateCompany_WhenInputIsBad_Returns400NamingTheFieldAndCreatesNothing(string body, string field)
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var before = (await (await admin.GetAsync("/api/companies")).ReadAsync<PagedResult<object>>()).TotalCount;

        var response = await admin.PostRawAsync("/api/companies", body);

        (await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain(field);
        (await (await admin.GetAsync("/api/companies")).ReadAsync<PagedResult<object>>()).TotalCount.ShouldBe(before);
    }

    [Theory]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    public async Task ListMembers_WhenPagingIsBad_Returns400NamingTheParameter(string query, string field)
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);

        var response = await admin.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/members?{query}");

        (await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain(field);
    }

    [Fact]
    public async Task AddMember_WhenPasswordIsTooWeak_Returns400OnPasswordAndCreatesNoUser()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);

        var response = await admin.PostJsonAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/members",
            new { email = "weak@example.com", displayName = "Weak", roles = new[] { "Operator" }, password = "short" });

        (await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("password");
        var retry = await admin.PostJsonAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/members",
            new { email = "weak@example.com", displayName = "Weak", roles = new[] { "Operator" } });
        (await retry.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("password");
    }

    [Fact]
    public async Task AddMember_WhenRoleIsUnknown_Returns400NamingTheRole()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);

        var response = await admin.PostRawAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/members",
            """{"email":"x@example.com","displayName":"X","roles":["Emperor"],"password":"Long-enough-password-1"}""");

        (await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("roles[0]");
    }

    [Fact]
    public async Task AddLegalEntity_WhenInputIsValid_Returns201WithTheEntity()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);

        var response = await admin.PostJsonAsync(_legalEntities,
            new { code = "FR-SUD", name = "Démo Sud SAS", siren = "552100554", vatNumber = "FR40552100554", shareCapital = new { amount = 150000m, currency = "EUR" } });

        var created = await (await Task.FromResult(response)).ReadAsync<LegalEntityResponse>();
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.ShareCapital.ShouldBe(new Money(150000m, "EUR"));
        response.Headers.Location!.ToString().ShouldEndWith(created.Id.ToString());
    }

    private static async Task<int> CountLegalEntitiesAsync(HttpClient client) =>
        (await (await client.GetAsync(_legalEntities)).ReadAsync<PagedResult<LegalEntityResponse>>()).TotalCount;

    private static async Task<int> CountAuditAsync(HttpClient client) =>
        (await (await client.GetAsync($"/api/companies/{EtrepayeFactory.DemoCompanyId}/audit")).ReadAsync<PagedResult<AuditEntryResponse>>()).TotalCount;
}
