using Etrepaye.Access.Data;
using Etrepaye.Access.Domain;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Access;

/// <summary>Below HTTP: the DbContext itself refuses to show or write another company's rows.</summary>
public sealed class CrossTenantWriteTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    [Fact]
    public async Task SaveChanges_WhenRowBelongsToAnotherCompanyThanTheScope_Throws()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompany(EtrepayeFactory.DemoCompanyId, new HashSet<CompanyRole> { CompanyRole.Administrator });
        var db = scope.ServiceProvider.GetRequiredService<AccessDbContext>();
        db.LegalEntities.Add(new LegalEntity { Id = Guid.CreateVersion7(), CompanyId = EtrepayeFactory.DemoClientCompanyId, Code = "SNEAK", Name = "Sneak" });

        var failure = await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        failure.Message.ShouldContain("another company");
    }

    [Fact]
    public async Task Query_WhenScopeIsCompanyA_SeesNoRowOfB()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompany(EtrepayeFactory.DemoCompanyId, new HashSet<CompanyRole> { CompanyRole.Viewer });
        var db = scope.ServiceProvider.GetRequiredService<AccessDbContext>();

        var companies = await db.LegalEntities.Select(e => e.CompanyId).Distinct().ToListAsync();
        var memberships = await db.Memberships.Select(m => m.CompanyId).Distinct().ToListAsync();

        companies.ShouldBe([EtrepayeFactory.DemoCompanyId]);
        memberships.ShouldBe([EtrepayeFactory.DemoCompanyId]);
    }

    [Fact]
    public async Task Query_WhenNoCompanyInScope_SeesNoCompanyRow()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDbContext>();

        (await db.Memberships.CountAsync()).ShouldBe(0);
        (await db.Memberships.IgnoreQueryFilters().CountAsync()).ShouldBeGreaterThan(0);
    }
}
