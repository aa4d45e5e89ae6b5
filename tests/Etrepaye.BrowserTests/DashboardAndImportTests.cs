using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Etrepaye.BrowserTests;

/// <summary>The imports screen (upload, mapping, preview, options, row report) and the dashboard's aged balance.</summary>
public sealed class DashboardAndImportTests(StudioHost host) : IClassFixture<StudioHost>
{
    private static readonly string ImagesDirectory = Path.Combine(StudioHost.RepositoryRoot, "docs", "images");

    [Fact]
    public Task CreditManager_WhenImportingACsvWithOneBadRow_SeesTheRowReport() => host.RunAsync(ImportWithABadRowAsync);

    [Fact]
    public Task CreditManager_WhenOpeningTheDashboard_SeesTheDemoCompanysAgedBalance() => host.RunAsync(DashboardAsync);

    [Fact]
    public Task Administrator_WhenOpeningEachModuleScreen_SeesItLoadedWithoutAnError() => host.RunAsync(EveryScreenAsync);

    /// <summary>Every screen and tab calls the real API: each shows its heading and content, and no error alert.</summary>
    private async Task EveryScreenAsync()
    {
        var companyId = await DemoCompanyIdAsync();
        var page = await host.NewPageAsync();
        await SignInAsync(page, "admin@demo.etrepaye.test");
        (string Path, string Heading)[] screens =
        [
            ("disputes", "Litiges"), ("credit?tab=requests", "Limites de crédit"), ("credit?tab=limits", "Limites de crédit"),
            ("credit?tab=checks", "Limites de crédit"), ("credit?tab=alerts", "Limites de crédit"), ("guarantees?tab=list", "Garanties"),
            ("guarantees?tab=expiring", "Garanties"), ("guarantees?tab=calls", "Garanties"), ("guarantees?tab=duties", "Garanties"),
            ("agencies", "Agences"), ("communications", "Communications"), ("administration?tab=members", "Administration"),
            ("administration?tab=apiKeys", "Administration"), ("administration?tab=company", "Administration"),
            ("administration?tab=rates", "Administration"), ("administration?tab=templates", "Administration"),
            ("administration?tab=delegation", "Administration"), ("imports", "Imports"),
        ];
        foreach (var (path, heading) in screens)
        {
            await page.GotoAsync($"/c/{companyId}/{path}");
            await page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 }).WaitForAsync();
            await page.WaitForFunctionAsync("() => document.querySelectorAll('[aria-busy=\"true\"]').length === 0");
            (await page.Locator(".content table, .content .empty, .content form").CountAsync()).ShouldBeGreaterThan(0, path);
            (await page.GetByRole(AriaRole.Alert).CountAsync()).ShouldBe(0, $"{path}: {await page.Locator(".content").InnerTextAsync()}");
        }

        // The members list shows the demo accounts; the templates list the built-in wording.
        await page.GotoAsync($"/c/{companyId}/administration?tab=members");
        await page.GetByRole(AriaRole.Cell, new() { Name = "operator@demo.etrepaye.test", Exact = true }).WaitForAsync();
        await page.GotoAsync($"/c/{companyId}/administration?tab=templates");
        await page.GetByRole(AriaRole.Cell, new() { Name = "modèle fourni" }).First.WaitForAsync();
    }

    private async Task ImportWithABadRowAsync()
    {
        var companyId = await DemoCompanyIdAsync();
        var reference = $"IM{Guid.NewGuid():N}"[..10];
        var csv = "customer,invoice,date,due,amount\n"
            + $"{reference}-C,{reference}-1,2026-01-05,2026-02-04,1200.00\n"
            + $"{reference}-C,{reference}-2,2026-01-06,2026-02-05,abc\n"
            + $"{reference}-C,{reference}-3,2026-01-07,2026-02-06,300.00\n";
        var page = await host.NewPageAsync();
        await SignInAsync(page, "credit.manager@demo.etrepaye.test");
        await page.GotoAsync($"/c/{companyId}/imports");

        await page.GetByLabel("Fichier du grand livre (CSV)").SetInputFilesAsync(new FilePayload
        {
            Name = "grand-livre.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes(csv),
        });
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Aperçu (premières lignes)" });
        await preview.GetByRole(AriaRole.Cell, new() { Name = "abc", Exact = true }).WaitForAsync();
        (await preview.GetByRole(AriaRole.Row).CountAsync()).ShouldBe(4);

        // The columns were recognised by their names; the amount's is checked, then the options are chosen.
        (await page.GetByLabel("Montant (obligatoire)").InputValueAsync()).ShouldBe("amount");
        (await page.GetByLabel("Échéance", new() { Exact = true }).InputValueAsync()).ShouldBe("due");
        await page.GetByLabel("Ignorer les lignes fausses, importer les autres").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();

        var report = page.GetByTestId("import-report");
        await report.GetByTestId("import-status").GetByText("Completed").WaitForAsync(new() { Timeout = 60_000 });
        var rows = report.GetByRole(AriaRole.Table, new() { Name = "Lignes refusées" }).Locator("tbody tr");
        (await rows.CountAsync()).ShouldBe(1);
        var cells = await rows.First.Locator("td").AllInnerTextsAsync();
        cells[0].ShouldBe("3");
        cells[1].ShouldBe("amount");
        cells[2].ShouldNotBeNullOrWhiteSpace();
        var counts = await report.Locator(".counts").InnerTextAsync();
        counts.ShouldContain("Pièces créées\n2");
        counts.ShouldContain("Lignes refusées\n1");

        // The import is listed among the past ones.
        await page.GetByRole(AriaRole.Button, new() { Name = "grand-livre.csv" }).First.WaitForAsync();
    }

    private async Task DashboardAsync()
    {
        var companyId = await DemoCompanyIdAsync();
        var today = DateOnly.FromDateTime(DateTime.Now);
        using (var manager = await host.SignedInClientAsync("credit.manager@demo.etrepaye.test"))
        {
            // Open invoices not due, 10 days late and 100 days late: three of the buckets have an amount.
            var reference = $"DB{Guid.NewGuid():N}"[..10];
            string Day(int offset) => today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var csv = "customer,invoice,date,due,amount\n"
                + $"{reference}-A,{reference}-1,{Day(-10)},{Day(20)},8000.00\n"
                + $"{reference}-A,{reference}-2,{Day(-40)},{Day(-10)},2500.00\n"
                + $"{reference}-B,{reference}-3,{Day(-130)},{Day(-100)},700.00\n";
            await ImportAsync(manager, companyId, csv);
        }

        var page = await host.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 900);
        await SignInAsync(page, "credit.manager@demo.etrepaye.test");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).GetByRole(AriaRole.Link, new() { Name = "Tableaux de bord" }).ClickAsync();
        var panel = page.GetByTestId("aged-balance");
        await panel.GetByRole(AriaRole.Img, new() { Name = "Balance âgée" }).WaitForAsync();
        var asOf = await page.GetByLabel("Au", new() { Exact = true }).InputValueAsync();

        // The figures shown are the API's for the demo company on that date.
        using var viewer = await host.SignedInClientAsync("viewer@demo.etrepaye.test");
        var aged = await viewer.GetFromJsonAsync<JsonElement>($"/api/companies/{companyId}/receivables/aged-balance?asOf={asOf}");
        var eur = aged.GetProperty("totals").EnumerateArray().Single(l => l.GetProperty("currency").GetString() == "EUR");
        var totalOpen = eur.GetProperty("totalOpen").GetProperty("amount").GetDecimal();
        totalOpen.ShouldBeGreaterThanOrEqualTo(11_200m);
        var eurRow = panel.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = "EUR", Exact = true }) });
        var cells = await eurRow.Locator("td").AllInnerTextsAsync();
        Digits(cells[^1]).ShouldBe(Digits(totalOpen.ToString("0.00", CultureInfo.InvariantCulture)));
        var notDue = eur.GetProperty("notDue").GetProperty("amount").GetDecimal();
        Digits(cells[1]).ShouldBe(Digits(notDue.ToString("0.00", CultureInfo.InvariantCulture)));

        // One segment per bucket with an amount, each saying what it is on hover; the definition is there too.
        var segments = panel.Locator("svg rect[data-key]");
        (await panel.Locator("svg rect[data-key='notDue'] title").First.TextContentAsync()).ShouldStartWith("EUR · Non échu:");
        (await segments.CountAsync()).ShouldBeGreaterThanOrEqualTo(4);
        (await panel.Locator(".definition").First.GetAttributeAsync("title")).ShouldNotBeNull().ShouldContain("tranche");
        await page.GetByTestId("kpis").Locator("[data-kpi='dsoCountBack'] dd").WaitForAsync();
        await page.GetByTestId("top-overdue").GetByRole(AriaRole.Cell).First.WaitForAsync();

        // The aged balance exports to CSV.
        var download = await page.RunAndWaitForDownloadAsync(() => panel.GetByRole(AriaRole.Button, new() { Name = "Exporter en CSV" }).ClickAsync());
        download.SuggestedFilename.ShouldBe($"aged-balance-{asOf}.csv");
        var path = await download.PathAsync();
        var exported = await File.ReadAllTextAsync(path!);
        exported.ShouldContain(",TOTAL,EUR,");

        Directory.CreateDirectory(ImagesDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ImagesDirectory, "dashboard.png"), FullPage = false });

        // At a tablet's width the panels stack and the chart stays readable.
        await page.SetViewportSizeAsync(820, 1180);
        (await panel.BoundingBoxAsync()).ShouldNotBeNull().Width.ShouldBeLessThanOrEqualTo(820);
    }

    private static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());

    private async Task<string> DemoCompanyIdAsync()
    {
        using var client = await host.SignedInClientAsync("credit.manager@demo.etrepaye.test");
        var companies = await client.GetFromJsonAsync<JsonElement>("/api/companies");
        return companies.GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == StudioHost.DemoCompany).GetProperty("id").GetString()!;
    }

    private static async Task ImportAsync(HttpClient manager, string companyId, string csv)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "ledger.csv");
        content.Add(new StringContent(JsonSerializer.Serialize(new
        {
            dateFormats = new[] { "yyyy-MM-dd" },
            defaultCurrency = "EUR",
            columns = new { customerReference = "customer", itemReference = "invoice", issueDate = "date", dueDate = "due", amount = "amount" },
        })), "mapping");
        var started = await manager.PostAsync($"/api/companies/{companyId}/receivables/imports", content);
        started.EnsureSuccessStatusCode();
        (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("Completed");
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(StudioHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).WaitForAsync();
    }
}
