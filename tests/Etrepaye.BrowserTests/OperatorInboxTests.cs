using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Etrepaye.BrowserTests;

/// <summary>The operator's daily work on the demo company: its collection cases give the inbox call tasks at start-up.</summary>
public sealed class OperatorInboxTests(StudioHost host) : IClassFixture<StudioHost>
{
    private const string Operator = "operator@demo.etrepaye.test";
    private const string CompanyA = "01937a5e-0000-7000-8000-00000000de01";
    private const string CompanyB = "01937a5e-0000-7000-8000-00000000de02";
    private static readonly string ImagesDirectory = Path.Combine(StudioHost.RepositoryRoot, "docs", "images");

    [Fact]
    public Task Operator_WhenRecordingAPromiseOnTheTopTask_SeesThePromiseAndTheNextDatedStepOnTheCustomer360() =>
        host.RunAsync(RecordPromiseAsync);

    [Fact]
    public Task Operator_WhenOpeningAnotherCompanysCustomerByUrl_SeesNotFoundAndNoData() => host.RunAsync(OtherCompanyCustomerAsync);

    private async Task RecordPromiseAsync()
    {
        await WaitForCallTasksAsync();
        var page = await host.NewPageAsync();
        await SignInAsync(page);
        await page.GotoAsync($"/c/{CompanyA}/inbox");
        var tasks = page.GetByRole(AriaRole.Table, new() { Name = "Tâches ouvertes, les plus prioritaires d’abord" });
        await tasks.WaitForAsync();
        (await page.GetByText("Clavier : J tâche suivante").CountAsync()).ShouldBe(1);

        // J opens the top task; its customer is beside it with click-to-call and e-mail links.
        await page.Keyboard.PressAsync("j");
        var detail = page.GetByRole(AriaRole.Region, new() { Name = "Appeler le client : factures échues impayées" });
        await detail.WaitForAsync();
        (await tasks.Locator("tbody tr").First.GetAttributeAsync("aria-selected")).ShouldBe("true");
        var customerLink = page.GetByRole(AriaRole.Link, new() { Name = "Ouvrir la fiche client 360" });
        await customerLink.WaitForAsync();
        (await page.Locator("a[href^='tel:']").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("a[href^='mailto:']").CountAsync()).ShouldBeGreaterThan(0);
        var customerUrl = await customerLink.GetAttributeAsync("href") ?? throw new InvalidOperationException("no customer link");

        await detail.GetByRole(AriaRole.Button, new() { Name = "Prendre" }).ClickAsync();
        await detail.GetByText("operator@demo.etrepaye.test").First.WaitForAsync();

        // The form checks what it needs before sending: the date and the amount of a promise.
        await detail.GetByRole(AriaRole.Radio, new() { Name = "Promesse de paiement" }).CheckAsync();
        await detail.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await detail.GetByText("Saisissez la date.").WaitForAsync();
        (await detail.GetByLabel("Date promise").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await detail.GetByText("Saisissez le montant.").WaitForAsync();

        var promisedDate = DateTime.UtcNow.Date.AddDays(7).ToString("yyyy-MM-dd");
        await detail.GetByLabel("Date promise").FillAsync(promisedDate);
        await detail.GetByLabel("Montant promis").FillAsync("1000");
        await page.SetViewportSizeAsync(1600, 1000);
        await ScreenshotAsync(page, "inbox.png");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await detail.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // The customer 360 shows the promise and the procedure's next dated step: the promised date + 2 business days.
        await page.GotoAsync(customerUrl);
        var promises = page.GetByTestId("promises");
        await EventuallyAsync(page, async () => (await promises.InnerTextAsync()).Contains(promisedDate, StringComparison.Ordinal));
        (await promises.InnerTextAsync()).ShouldContain("Pending");
        await EventuallyAsync(page, async () => (await page.GetByTestId("current-step").InnerTextAsync()) == "promise");
        (await page.GetByTestId("next-dated-step").InnerTextAsync()).ShouldStartWith("promise — ");
        await page.GetByTestId("customer-history").GetByText(new Regex("Promesse")).First.WaitForAsync();
        await ScreenshotAsync(page, "customer-360.png");

        // A tablet's width: the inbox stacks the list and the task.
        await page.SetViewportSizeAsync(1024, 1300);
        await page.GotoAsync($"/c/{CompanyA}/inbox");
        await tasks.WaitForAsync();
        await page.Keyboard.PressAsync("j");
        await page.GetByRole(AriaRole.Region, new() { Name = "Appeler le client : factures échues impayées" }).WaitForAsync();
        await ScreenshotAsync(page, "inbox-tablet.png");
    }

    private async Task OtherCompanyCustomerAsync()
    {
        // Company B (the consultant's client company) has its own customer, made by its administrator.
        using var admin = await host.SignedInClientAsync("admin@demo.etrepaye.test");
        var created = await admin.PostAsJsonAsync($"/api/companies/{CompanyB}/receivables/customers", new
        {
            reference = "B-SECRET-1",
            name = "Négoce Confidentiel SA",
            currency = "EUR",
            paymentTermsDays = 30,
        });
        created.EnsureSuccessStatusCode();
        var customerId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var page = await host.NewPageAsync();
        await SignInAsync(page);
        var leaks = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/api/", StringComparison.Ordinal) && response.Url.Contains(customerId!, StringComparison.Ordinal) && response.Status == 200)
            {
                leaks.Add(response.Url);
            }
        };

        // Through company A's address: the API answers 404 and the page says not found.
        await page.GotoAsync($"/c/{CompanyA}/customers/{customerId}");
        await page.GetByTestId("customer-not-found").WaitForAsync();
        (await page.GetByTestId("customer-not-found").InnerTextAsync()).ShouldBe("Client introuvable dans cette société.");
        (await page.ContentAsync()).ShouldNotContain("Négoce Confidentiel");

        // Through company B's address: the operator is no member of B, the Studio goes back to company A.
        await page.GotoAsync($"/c/{CompanyB}/customers/{customerId}");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!page.Url.Contains($"/c/{CompanyA}/", StringComparison.Ordinal))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the Studio sends a non-member back to their own company");
            await page.WaitForTimeoutAsync(200);
        }

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).WaitForAsync();
        (await page.ContentAsync()).ShouldNotContain("Négoce Confidentiel");
        leaks.ShouldBeEmpty();
    }

    /// <summary>The demo seeding opens the overdue customers' cases after start-up; their procedures then create the call tasks.</summary>
    private async Task WaitForCallTasksAsync()
    {
        using var client = await host.SignedInClientAsync(Operator);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/tasks?myRole=true");
            if (page.GetProperty("items").GetArrayLength() >= 4)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The demo company's call tasks did not appear.");
    }

    private static async Task EventuallyAsync(IPage page, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
                // Not rendered yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("The page did not show what was expected within 30 s.");
            }

            await page.WaitForTimeoutAsync(750);
            await page.ReloadAsync();
        }
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.Locator("#email").FillAsync(Operator);
        await page.Locator("#password").FillAsync(StudioHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).WaitForAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string file)
    {
        Directory.CreateDirectory(ImagesDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ImagesDirectory, file), FullPage = false });
    }
}
