using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Features.SaveImportMapping;
using Etrepaye.Shared.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>The import verb's entry point and the query interface other modules use.</summary>
public sealed class CommandLineImportTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task ImportFile_WhenGivenASavedMappingName_ImportsAndTheQueriesSeeTheBalances()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var name = NewReference("cli");
        await (await admin.PostJsonAsync($"{Base(_company)}/import-mappings", new
        {
            name,
            definition = new { dateFormats = new[] { "yyyy-MM-dd" }, defaultCurrency = "EUR", columns = new { customerReference = "c", itemReference = "i", issueDate = "d", dueDate = "due", amount = "a" } },
        })).ReadAsync<ImportMappingResponse>();
        var p = NewReference("CL");
        var path = Path.Combine(Path.GetTempPath(), $"{p}.csv");
        await File.WriteAllTextAsync(path, $"c,i,d,due,a\n{p},{p}-1,2026-01-05,2026-02-04,120.00\n{p},{p}-2,2026-01-06,2026-01-20,80.00\n");
        try
        {
            var (completed, summary) = await ReceivablesModule.ImportFileAsync(_factory.Services, _company, path, name, "delta", "rejectFile", CancellationToken.None);
            var (again, _) = await ReceivablesModule.ImportFileAsync(_factory.Services, _company, path, "no-such-mapping", null, null, CancellationToken.None)
                .ContinueWith(t => t.IsFaulted ? (false, "") : t.Result);

            completed.ShouldBeTrue(summary);
            summary.ShouldContain("items created 2");
            again.ShouldBeFalse();
        }
        finally
        {
            File.Delete(path);
        }

        await using var scope = _factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(_company, "test");
        var queries = scope.ServiceProvider.GetRequiredService<IReceivablesQueries>();
        var customers = await (await admin.GetAsync($"{Base(_company)}/customers?search={p}")).ReadAsync<Etrepaye.Shared.Contracts.PagedResult<Etrepaye.Receivables.Features.ListCustomers.CustomerSummaryResponse>>();
        var customerId = customers.Items.Single().Id;
        var balance = await queries.GetBalanceAsync(customerId, new DateOnly(2026, 1, 31), CancellationToken.None);
        balance!.Currencies.Single().ShouldBe(new CurrencyBalanceDto("EUR", 200m, 80m, 0m, 200m));
        var open = await queries.GetOpenItemsAsync(customerId, new DateOnly(2026, 1, 31), CancellationToken.None);
        open.Select(i => (i.Reference, i.DaysPastDue)).ShouldBe([($"{p}-2", 11), ($"{p}-1", 0)]);
        (await queries.GetBalanceAsync(Guid.NewGuid(), new DateOnly(2026, 1, 31), CancellationToken.None)).ShouldBeNull();
    }
}
