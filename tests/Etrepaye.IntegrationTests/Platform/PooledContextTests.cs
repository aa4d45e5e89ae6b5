using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Platform;

/// <summary>
/// Module contexts come from a pool: a context rented again by another scope must carry nothing of the scope before it, above
/// all not its company.
/// </summary>
public sealed class PooledContextTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _demo = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _client = EtrepayeFactory.DemoClientCompanyId;

    [Fact]
    public async Task Context_WhenRentedAgainByAnotherCompanysScope_SeesOnlyThatCompanyAndStartsClean()
    {
        await AddCustomersAsync(_demo, 3);
        await AddCustomersAsync(_client, 1);
        var expected = new Dictionary<Guid, int>();
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
            foreach (var company in new[] { _demo, _client })
            {
                expected[company] = await db.Customers.IgnoreQueryFilters().CountAsync(c => c.CompanyId == company);
            }
        }

        expected[_demo].ShouldBeGreaterThan(0);
        expected[_client].ShouldNotBe(expected[_demo]);
        var rented = new List<ReceivablesDbContext>();
        for (var i = 0; i < 20; i++)
        {
            var company = i % 2 == 0 ? _demo : _client;
            await using var scope = fixture.Factory.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(company, "pool test");
            var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
            rented.Add(db);

            db.CurrentAction.ShouldBeNull();
            db.HasPublishedEvents.ShouldBeFalse();
            db.ChangeTracker.Entries().ShouldBeEmpty();
            db.CurrentCompanyId.ShouldBe(company);
            (await db.Customers.CountAsync()).ShouldBe(expected[company]);

            // Leave state behind for the next scope to (not) inherit: a tracked row, an action and a published event.
            _ = await db.Customers.FirstOrDefaultAsync();
            db.CurrentAction = "pool test";
            db.Publish(new CustomerAccountSettled(company, Guid.NewGuid(), new DateOnly(2026, 1, 1)));
        }

        // Twenty scopes one after another share a handful of instances: the pool is in use, so the checks above tested reuse.
        rented.Distinct().Count().ShouldBeLessThan(rented.Count);
    }

    private async Task AddCustomersAsync(Guid company, int count)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(company, "pool test");
        var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        for (var i = 0; i < count; i++)
        {
            db.Customers.Add(new Customer { Id = Guid.NewGuid(), CompanyId = company, Reference = $"POOL-{Guid.NewGuid():N}", Name = "Pool test", Currency = "EUR" });
        }

        await db.SaveChangesAsync();
    }
}
