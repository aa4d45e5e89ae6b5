using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Etrepaye.BrowserTests;

/// <summary>The customer 360's history shows the imports that brought or changed the customer's items.</summary>
public sealed class CustomerHistoryTests(StudioHost host) : IClassFixture<StudioHost>
{
    private const string CompanyA = "01937a5e-0000-7000-8000-00000000de01";

    [Fact]
    public Task Operator_WhenAnImportChangedTheCustomersItems_SeesItInTheCustomer360History() => host.RunAsync(ImportInHistoryAsync);

    private async Task ImportInHistoryAsync()
    {
        var reference = $"HI{Guid.NewGuid():N}"[..10];
        using var manager = await host.SignedInClientAsync("credit.manager@demo.etrepaye.test");
        await ImportAsync(
            manager, "releve-novembre.csv",
            "customer,invoice,date,due,amount,settled\n"
                + $"{reference}-C,{reference}-1,2026-01-05,2026-02-04,1200.00,\n"
                + $"{reference}-C,{reference}-2,2026-01-06,2026-02-05,300.00,2026-01-20\n");
        var customers = await manager.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/receivables/customers?search={reference}-C");
        var customerId = customers.GetProperty("items")[0].GetProperty("id").GetString();

        var page = await host.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#email").FillAsync("operator@demo.etrepaye.test");
        await page.Locator("#password").FillAsync(StudioHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).WaitForAsync();
        await page.GotoAsync($"/c/{CompanyA}/customers/{customerId}");

        var entry = page.GetByTestId("customer-history").GetByRole(AriaRole.Listitem).Filter(new() { HasText = "releve-novembre.csv" });
        await entry.WaitForAsync();
        var text = await entry.InnerTextAsync();
        (await entry.Locator(".badge").InnerTextAsync()).ShouldBe("Import");
        text.ShouldContain("2 pièce(s) créée(s) · 1 pièce(s) soldée(s)");
        text.ShouldContain("credit.manager");
    }

    private static async Task ImportAsync(HttpClient manager, string fileName, string csv)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        content.Add(new StringContent(JsonSerializer.Serialize(new
        {
            dateFormats = new[] { "yyyy-MM-dd" },
            defaultCurrency = "EUR",
            columns = new { customerReference = "customer", itemReference = "invoice", issueDate = "date", dueDate = "due", amount = "amount", settledDate = "settled" },
        })), "mapping");
        var started = await manager.PostAsync($"/api/companies/{CompanyA}/receivables/imports", content);
        started.EnsureSuccessStatusCode();
        (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("Completed");
    }
}
