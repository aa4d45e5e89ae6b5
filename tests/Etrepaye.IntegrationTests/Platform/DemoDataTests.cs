using System.Net.Http.Json;
using System.Text.Json;
using Etrepaye.IntegrationTests.Infrastructure;

namespace Etrepaye.IntegrationTests.Platform;

/// <summary>The demo data (demo mode with <c>Etrepaye:DemoData</c>): customers, overdue invoices, cases, and a call task per case.</summary>
public sealed class DemoDataTests
{
    private static readonly string _tasks = $"/api/companies/{EtrepayeFactory.DemoCompanyId}/tasks?myRole=true";
    private static readonly Dictionary<string, string?> _demoData = new() { ["Etrepaye:DemoData"] = "true" };

    [Fact]
    public async Task DemoStart_WhenDemoDataIsOn_OpensACaseWithAnOperatorCallTaskPerOverdueCustomerOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var first = new EtrepayeFactory(database, _demoData))
        {
            var operatorClient = await first.SignInAsync(DemoUsers.Operator);
            JsonElement tasks = default;
            await Wait.Eventually(async () =>
            {
                tasks = await operatorClient.GetFromJsonAsync<JsonElement>(_tasks);
                return tasks.GetProperty("items").GetArrayLength() == 4;
            }, "each of the four overdue customers' case starts the demo procedure, whose first step is a call", seconds: 60);

            var items = tasks.GetProperty("items").EnumerateArray().ToList();
            items.ShouldAllBe(t => t.GetProperty("activityId").GetString() == "call" && t.GetProperty("role").GetString() == "Operator");
            items.Select(t => t.GetProperty("customer").GetString()).Distinct().Count().ShouldBe(4);

            var cases = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/companies/{EtrepayeFactory.DemoCompanyId}/collection/cases?status=Open");
            cases.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("customerReference").GetString()).Order()
                .ShouldBe(["C-1001", "C-1002", "C-1003", "C-1004"]);
            var customers = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/companies/{EtrepayeFactory.DemoCompanyId}/receivables/customers");
            customers.GetProperty("totalCount").GetInt32().ShouldBe(5);
        }

        // A second start on the same database finds the data and adds nothing.
        await using var second = new EtrepayeFactory(database, _demoData);
        var client = await second.SignInAsync(DemoUsers.Operator);
        await Task.Delay(2000);
        (await client.GetFromJsonAsync<JsonElement>($"/api/companies/{EtrepayeFactory.DemoCompanyId}/receivables/customers")).GetProperty("totalCount").GetInt32().ShouldBe(5);
        (await client.GetFromJsonAsync<JsonElement>(_tasks)).GetProperty("items").GetArrayLength().ShouldBe(4);
    }

    [Fact]
    public async Task TestHost_ByDefault_SeedsNoDemoLedger()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new EtrepayeFactory(database);
        var client = await factory.SignInAsync(DemoUsers.Operator);
        await Task.Delay(1000);
        (await client.GetFromJsonAsync<JsonElement>($"/api/companies/{EtrepayeFactory.DemoCompanyId}/receivables/customers")).GetProperty("totalCount").GetInt32().ShouldBe(0);
    }
}
