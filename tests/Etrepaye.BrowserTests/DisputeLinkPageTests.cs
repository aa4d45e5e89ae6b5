using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Etrepaye.BrowserTests;

/// <summary>A colleague without an account opens the e-mailed link of an internal request, reads the dispute and answers once.</summary>
public sealed class DisputeLinkPageTests(StudioHost host) : IClassFixture<StudioHost>
{
    [Fact]
    public Task Colleague_WhenOpeningTheLinkWithoutAnAccount_ReadsTheDisputeAnswersOnceAndTheLinkThenRefuses() => host.RunAsync(AnswerThroughTheLinkAsync);

    private async Task AnswerThroughTheLinkAsync()
    {
        var manager = await host.SignedInClientAsync("credit.manager@demo.etrepaye.test");
        var companies = await manager.GetFromJsonAsync<JsonElement>("/api/companies");
        var companyId = companies.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("name").GetString() == StudioHost.DemoCompany).GetProperty("id").GetString();
        var receivables = $"/api/companies/{companyId}/receivables";
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var customer = await PostAsync(manager, $"{receivables}/customers", new
        {
            reference = $"CL-{suffix}", name = $"Quincaillerie {suffix}", currency = "EUR", paymentTermsDays = 30,
            contacts = new[] { new { name = "Anna", role = "Billing", email = "anna@example.com", preferredChannel = "Email" } },
        });
        var invoice = await PostAsync(manager, $"{receivables}/invoices", new
        {
            customerId = customer.GetProperty("id").GetString(), reference = $"F-{suffix}", issueDate = "2026-01-15", dueDate = "2026-02-14", amount = 1_250m,
        });
        var dispute = await PostAsync(manager, $"/api/companies/{companyId}/disputes", new
        {
            customerId = customer.GetProperty("id").GetString(), reason = "quality", description = "Deux palettes abîmées à la livraison.",
            invoices = new[] { new { invoiceId = invoice.GetProperty("id").GetString(), amount = 400m } },
        });
        var request = await PostAsync(manager, $"/api/companies/{companyId}/disputes/{dispute.GetProperty("id").GetString()}/requests", new
        {
            recipientEmail = "entrepot@demo.test", message = "Les palettes étaient-elles abîmées au départ ?",
        });
        var link = new Uri(request.GetProperty("link").GetString()!);

        var page = await host.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        await page.GotoAsync($"/dispute-link{link.Fragment}");

        await page.GetByRole(AriaRole.Heading, new() { Name = $"Litige {dispute.GetProperty("reference").GetString()}" }).WaitForAsync();
        await page.GetByText($"Quincaillerie {suffix}").WaitForAsync();
        await page.GetByText($"F-{suffix}").WaitForAsync();
        await page.GetByText("Deux palettes abîmées à la livraison.").WaitForAsync();
        await page.GetByText("Les palettes étaient-elles abîmées au départ ?").WaitForAsync();
        await page.GetByLabel("Votre nom").FillAsync("Paul, entrepôt");
        await page.GetByLabel("Votre réponse").FillAsync("Oui : le transporteur a signé des réserves.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la réponse" }).ClickAsync();
        (await page.GetByRole(AriaRole.Status).InnerTextAsync()).ShouldContain("votre réponse est enregistrée");

        await page.ReloadAsync();
        (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldContain("Ce lien a déjà servi à répondre");
        var token = link.Fragment.TrimStart('#');
        requests.ShouldNotContain(url => url.Contains(token, StringComparison.Ordinal));
        var detail = await manager.GetFromJsonAsync<JsonElement>($"/api/companies/{companyId}/disputes/{dispute.GetProperty("id").GetString()}");
        detail.GetProperty("timeline").EnumerateArray().ShouldContain(n => n.GetProperty("text").GetString() == "Oui : le transporteur a signé des réserves.");
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {url} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
