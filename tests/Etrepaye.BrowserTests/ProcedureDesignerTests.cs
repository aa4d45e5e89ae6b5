using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Etrepaye.BrowserTests;

public sealed partial class ProcedureDesignerTests(StudioHost host) : IClassFixture<StudioHost>
{
    private static readonly string ImagesDirectory = Path.Combine(StudioHost.RepositoryRoot, "docs", "images");

    [Fact]
    public Task ConsultantDesignsAndCreditManagerPublishes_WhenTheProcedureIsSimulated_TheTimelineShowsThePath() =>
        host.RunAsync(DesignPublishAndSimulateAsync);

    [Fact]
    public Task Viewer_WhenOpeningTheCatalogAndAProcedure_SeesNoEditControls() => host.RunAsync(ViewerSeesNoEditControlsAsync);

    [Fact]
    public Task Consultant_WhenEditing_UndoesRedoesCopiesPastesAndIsAskedBeforeLeavingUnsavedEdits() => host.RunAsync(EditAndLeaveAsync);

    [Fact]
    public Task CreditManager_WhenComparingTheDraftWithAVersion_SeesAddedChangedAndRemovedStepsOnTheCanvas() => host.RunAsync(DiffOnCanvasAsync);

    [Fact]
    public Task Consultant_WhenExportingAProcedureAndImportingIt_GetsANewProcedureWithTheSameSteps() => host.RunAsync(ExportAndImportAsync);

    [Fact]
    public Task CreditManager_WhenBacktesting_SeesTheCountsPerStep() => host.RunAsync(BacktestAsync);

    [Fact]
    public Task Consultant_WhenTheApiRefusesAField_SeesTheMessageNextToIt() => host.RunAsync(ApiErrorNextToFieldAsync);

    private async Task EditAndLeaveAsync()
    {
        var (companyId, procedureId) = await CreateProcedureAsync("consultant@demo.etrepaye.test", "Éditée au clavier");
        var page = await host.NewPageAsync();
        await SignInAsync(page, "consultant@demo.etrepaye.test");
        await page.GotoAsync($"/c/{companyId}/procedures/{procedureId}");
        var nodes = page.Locator(".react-flow__node:not([data-id^='ghost:'])");
        await page.Locator(".react-flow__node[data-id='waitGrace']").WaitForAsync();
        var count = await nodes.CountAsync();

        // Copy the grace period and paste it: a new step with a fresh id, then undone and redone.
        await page.Locator(".react-flow__node[data-id='waitGrace']").ClickAsync();
        await page.Locator(".property-panel").WaitForAsync();
        await page.Keyboard.PressAsync("Control+c");
        await page.Keyboard.PressAsync("Control+v");
        var pasted = page.Locator(".react-flow__node[data-id='waitGrace2']");
        await pasted.WaitForAsync();
        (await nodes.CountAsync()).ShouldBe(count + 1);
        await page.GetByRole(AriaRole.Status).GetByText("Modifications non enregistrées").WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Annuler", Exact = true }).ClickAsync();
        await pasted.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.GetByRole(AriaRole.Button, new() { Name = "Rétablir", Exact = true }).ClickAsync();
        await pasted.WaitForAsync();
        await page.Keyboard.PressAsync("Control+z");
        await pasted.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Keyboard.PressAsync("Control+y");
        await pasted.WaitForAsync();

        // Leaving with the pasted step unsaved asks first: refused, the page stays; accepted, the catalog opens.
        var firstQuestion = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var accept = false;
        page.Dialog += async (_, dialog) =>
        {
            firstQuestion.TrySetResult(dialog.Message);
            if (accept)
            {
                await dialog.AcceptAsync();
            }
            else
            {
                await dialog.DismissAsync();
            }
        };
        var catalog = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).GetByRole(AriaRole.Link, new() { Name = "Procédures" });
        await catalog.ClickAsync();
        (await firstQuestion.Task.WaitAsync(TimeSpan.FromSeconds(20))).ShouldBe("Des modifications ne sont pas enregistrées. Quitter quand même ?");
        await page.GetByRole(AriaRole.Status).GetByText("Modifications non enregistrées").WaitForAsync();
        (await pasted.IsVisibleAsync()).ShouldBeTrue();
        accept = true;
        await catalog.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Procédures" }).WaitForAsync();
        page.Url.ShouldEndWith("/procedures");
    }

    private async Task DiffOnCanvasAsync()
    {
        var (companyId, procedureId) = await CreateProcedureAsync("credit.manager@demo.etrepaye.test", "Comparée");
        using (var manager = await host.SignedInClientAsync("credit.manager@demo.etrepaye.test"))
        {
            (await manager.PostAsJsonAsync($"/api/companies/{companyId}/procedures/{procedureId}/publish", new { comment = "v1" })).EnsureSuccessStatusCode();
        }

        var page = await host.NewPageAsync();
        await SignInAsync(page, "credit.manager@demo.etrepaye.test");
        await page.GotoAsync($"/c/{companyId}/procedures/{procedureId}");
        await page.Locator(".react-flow__node[data-id='promiseDue']").WaitForAsync();

        // Remove a step, add one, rename another; save the draft and compare it with v1.
        await page.Locator(".react-flow__node[data-id='promiseDue']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer", Exact = true }).ClickAsync();
        await page.Locator(".react-flow__node[data-id='promiseDue']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter Decision" }).ClickAsync();
        await page.Locator(".react-flow__node[data-id='decision']").WaitForAsync();
        await page.Locator(".react-flow__node[data-id='waitGrace']").ClickAsync();
        await page.Locator(".property-panel").GetByLabel("Nom", new() { Exact = true }).FillAsync("Délai de grâce allongé");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
        await page.GetByText("Brouillon enregistré.").WaitForAsync();

        await page.GetByRole(AriaRole.Region, new() { Name = "Historique" }).GetByLabel("Comparer avec").SelectOptionAsync("1");
        var summary = page.GetByTestId("diff-summary");
        await summary.WaitForAsync();
        var text = await summary.InnerTextAsync();
        text.ShouldContain("+1 ajoutée");
        text.ShouldContain("−1 supprimée");
        await page.Locator(".react-flow__node[data-id='decision'] .mark-added").WaitForAsync();
        await page.Locator(".react-flow__node[data-id='waitGrace'] .mark-changed").WaitForAsync();
        await page.Locator(".react-flow__node[data-id='ghost:promiseDue'] .mark-removed").WaitForAsync();
        (await page.Locator(".react-flow__node[data-id='waitPayment'] .mark-added").CountAsync()).ShouldBe(0);
    }

    private async Task ExportAndImportAsync()
    {
        var (companyId, procedureId) = await CreateProcedureAsync("consultant@demo.etrepaye.test", "Exportée");
        var page = await host.NewPageAsync();
        await SignInAsync(page, "consultant@demo.etrepaye.test");
        await page.GotoAsync($"/c/{companyId}/procedures/{procedureId}");
        await page.Locator(".react-flow__node[data-id='waitGrace']").WaitForAsync();
        var steps = await page.Locator(".react-flow__node").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.id).sort()");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Exporter en JSON" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"etrepaye-export-{Guid.NewGuid():N}.json");
        await download.SaveAsAsync(file);
        try
        {
            var exported = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
            exported.GetProperty("activities").GetArrayLength().ShouldBe(steps.Length);

            await page.GotoAsync($"/c/{companyId}/procedures");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Procédures" }).WaitForAsync();
            await page.GetByLabel("Importer du JSON").SetInputFilesAsync(file);
            // The Studio opens the imported procedure by client-side routing: no load event to wait for, the new URL is enough.
            await page.WaitForURLAsync(
                url => url.Contains("/procedures/", StringComparison.Ordinal) && !url.Contains(procedureId, StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
            await page.Locator(".react-flow__node[data-id='waitGrace']").WaitForAsync();
            (await page.Locator(".react-flow__node").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.id).sort()")).ShouldBe(steps);
            (await page.GetByTestId("problem-count").InnerTextAsync()).ShouldBe("0");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task BacktestAsync()
    {
        var (companyId, procedureId) = await CreateProcedureAsync("credit.manager@demo.etrepaye.test", "Rejouée");
        using (var manager = await host.SignedInClientAsync("credit.manager@demo.etrepaye.test"))
        {
            (await manager.PostAsJsonAsync($"/api/companies/{companyId}/procedures/{procedureId}/publish", new { comment = "v1" })).EnsureSuccessStatusCode();
            await ImportHistoryAsync(manager, companyId);
        }

        var page = await host.NewPageAsync();
        await SignInAsync(page, "credit.manager@demo.etrepaye.test");
        await page.GotoAsync($"/c/{companyId}/procedures/{procedureId}/simulation");
        var backtest = page.GetByRole(AriaRole.Region, new() { Name = "Rejouer sur l’historique de la société" });
        await backtest.GetByLabel("Du").FillAsync("2009-03-01");
        await backtest.GetByLabel("Au").FillAsync("2009-03-31");
        await backtest.GetByRole(AriaRole.Button, new() { Name = "Lancer" }).ClickAsync();
        var result = page.GetByTestId("backtest-result");
        await result.WaitForAsync();
        var text = await result.InnerTextAsync();
        CasesLine().Match(text).Groups[1].Value.ShouldBe("2", text);
        var steps = result.Locator("table").First;
        (await CountOfAsync(steps, "waitGrace")).ShouldBe("2");
        (await CountOfAsync(steps, "waitPayment")).ShouldBe("2");
        (await CountOfAsync(steps, "call")).ShouldBe("1");
    }

    private static Task<string> CountOfAsync(ILocator table, string step) =>
        table.GetByRole(AriaRole.Row).Filter(new() { Has = table.Page.GetByRole(AriaRole.Rowheader, new() { Name = step, Exact = true }) }).Locator("td").InnerTextAsync();

    /// <summary>Two invoices due in March 2009 and left unpaid (8,000 and 2,000 EUR), one paid early: the back-test's history.</summary>
    private static async Task ImportHistoryAsync(HttpClient manager, string companyId)
    {
        var reference = $"BT{Guid.NewGuid():N}"[..10];
        var csv = "customer,invoice,date,due,amount,settled\n"
            + $"{reference}-C,{reference}-EARLY,2009-02-02,2009-03-02,1000.00,2009-02-25\n"
            + $"{reference}-C,{reference}-LARGE,2009-02-02,2009-03-02,8000.00,\n"
            + $"{reference}-C,{reference}-SMALL,2009-02-02,2009-03-02,2000.00,\n";
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "ledger.csv");
        content.Add(new StringContent(JsonSerializer.Serialize(new
        {
            dateFormats = new[] { "yyyy-MM-dd" },
            defaultCurrency = "EUR",
            columns = new { customerReference = "customer", itemReference = "invoice", issueDate = "date", dueDate = "due", amount = "amount", settledDate = "settled" },
        })), "mapping");
        var started = await manager.PostAsync($"/api/companies/{companyId}/receivables/imports", content);
        started.EnsureSuccessStatusCode();
        var importId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        // The import runs in the background: wait until it has finished (its status, not a fixed time).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var import = await manager.GetFromJsonAsync<JsonElement>($"/api/companies/{companyId}/receivables/imports/{importId}");
            var status = import.GetProperty("status").GetString();
            if (status is not ("Validating" or "Applying" or "Queued" or "Pending"))
            {
                status.ShouldBe("Completed", import.ToString());
                return;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the import did not finish");
            await Task.Delay(200);
        }
    }

    private async Task ApiErrorNextToFieldAsync()
    {
        var page = await host.NewPageAsync();
        await SignInAsync(page, "consultant@demo.etrepaye.test");
        await page.GetByLabel("Société", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = StudioHost.DemoCompany });
        await page.GetByRole(AriaRole.Heading, new() { Name = "Procédures" }).WaitForAsync();

        var name = page.GetByLabel("Nom", new() { Exact = true });
        await name.FillAsync(new string('x', 201));
        await page.GetByRole(AriaRole.Button, new() { Name = "Nouvelle à partir d’un modèle" }).ClickAsync();
        var message = page.Locator("#name-error");
        await message.WaitForAsync();
        (await message.InnerTextAsync()).ShouldContain("200");
        (await name.GetAttributeAsync("aria-describedby")).ShouldBe("name-error");
        page.Url.ShouldEndWith("/procedures");
    }

    private async Task<(string CompanyId, string ProcedureId)> CreateProcedureAsync(string email, string name)
    {
        using var client = await host.SignedInClientAsync(email);
        var companies = await client.GetFromJsonAsync<JsonElement>("/api/companies");
        var companyId = companies.GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == StudioHost.DemoCompany).GetProperty("id").GetString()!;
        var created = await client.PostAsJsonAsync($"/api/companies/{companyId}/procedures/from-template", new { templateId = "example-invoice-dunning", name });
        created.EnsureSuccessStatusCode();
        return (companyId, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    private async Task DesignPublishAndSimulateAsync()
    {
        var page = await host.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);

        // The consultant works for two companies: the procedure goes into the demo company.
        await SignInAsync(page, "consultant@demo.etrepaye.test");
        await page.GetByLabel("Société", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = StudioHost.DemoCompany });
        await page.GetByRole(AriaRole.Heading, new() { Name = "Procédures" }).WaitForAsync();

        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("Relances (test navigateur)");
        await page.Locator("select[aria-describedby='templateId-error']").SelectOptionAsync("example-invoice-dunning");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nouvelle à partir d’un modèle" }).ClickAsync();
        await page.Locator(".react-flow__node[data-id='waitGrace']").WaitForAsync();
        var procedureUrl = page.Url;

        // Add a decision: it is unreachable and its condition is missing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter Decision" }).ClickAsync();
        var decision = page.Locator(".react-flow__node[data-id='decision']");
        await decision.WaitForAsync();
        var problems = page.GetByRole(AriaRole.Region, new() { Name = "Validation" });
        await problems.Locator("[data-problem-code='missing-required-input']").WaitForAsync();
        await problems.Locator("[data-problem-code='unreachable-activity']").WaitForAsync();

        // Connect the promise wait's Done port to it, by dragging between the two handles.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajuster à l’écran" }).ClickAsync();
        await page.WaitForTimeoutAsync(400);
        await DragAsync(page, page.Locator(".react-flow__node[data-id='waitPromise'] .react-flow__handle[data-handleid='Done']"), decision.Locator(".react-flow__handle[data-handleid='In']"));
        await page.Locator(".react-flow__edge").Nth(9).WaitForAsync();
        (await problems.Locator("[data-problem-code='unreachable-activity']").CountAsync()).ShouldBe(0);

        // Give it a condition: first with a type error the editor shows at once, then fixed.
        await decision.ClickAsync();
        var condition = page.Locator("[data-input='condition']");
        await condition.GetByLabel("Utiliser une expression").CheckAsync();
        var editor = condition.GetByRole(AriaRole.Textbox);
        await editor.FillAsync("invoice.amount > 5000");
        (await condition.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldContain("cannot compare money > number");
        await problems.Locator("[data-problem-code='expression-error']").WaitForAsync();
        await editor.FillAsync("invoice.amount > 5000 EUR");
        await condition.GetByText("→ boolean").WaitForAsync();
        await problems.GetByText("Aucun problème.").WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
        await page.GetByText("Brouillon enregistré.").WaitForAsync();
        (await page.GetByTestId("problem-count").InnerTextAsync()).ShouldBe("0");
        await ScreenshotAsync(page, "designer.png");
        await SignOutAsync(page);

        // The credit manager publishes it.
        await SignInAsync(page, "credit.manager@demo.etrepaye.test");
        await page.GotoAsync(procedureUrl);
        await page.Locator(".react-flow__node[data-id='decision']").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Status).GetByText("Publiée v1").WaitForAsync();

        // The simulation of an invoice paid on day 8, after the grace period.
        await page.GetByRole(AriaRole.Link, new() { Name = "Simulation" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un événement" }).ClickAsync();
        await page.Locator(".scenario-row").GetByLabel("Jour", new() { Exact = true }).FillAsync("8");
        await page.GetByRole(AriaRole.Form, new() { Name = "Scénario" }).GetByRole(AriaRole.Button, new() { Name = "Lancer", Exact = true }).ClickAsync();
        var timeline = page.GetByTestId("timeline");
        await timeline.WaitForAsync();
        (await page.GetByTestId("simulation-status").InnerTextAsync()).ShouldBe("Completed");
        var text = await timeline.InnerTextAsync();
        text.ShouldContain("waitGrace");
        text.ShouldContain("Paid");
        DateLine().IsMatch(text).ShouldBeTrue(text);
        (await page.Locator(".react-flow__node .mark-visited").CountAsync()).ShouldBeGreaterThan(1);
        await page.WaitForTimeoutAsync(600); // the canvas zooms to the path taken
        await ScreenshotAsync(page, "simulation.png");

        errors.ShouldBeEmpty();
    }

    private async Task ViewerSeesNoEditControlsAsync()
    {
        using var consultant = await host.SignedInClientAsync("consultant@demo.etrepaye.test");
        var companies = await consultant.GetFromJsonAsync<JsonElement>("/api/companies");
        var companyId = companies.GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == StudioHost.DemoCompany).GetProperty("id").GetString();
        var created = await consultant.PostAsJsonAsync($"/api/companies/{companyId}/procedures/from-template", new { templateId = "example-invoice-dunning", name = "Lue par le lecteur" });
        created.EnsureSuccessStatusCode();
        var procedureId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var page = await host.NewPageAsync();
        await SignInAsync(page, "viewer@demo.etrepaye.test");
        await page.GotoAsync($"/c/{companyId}/procedures");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lue par le lecteur" }).WaitForAsync();
        (await page.GetByRole(AriaRole.Button, new() { Name = "Nouvelle à partir d’un modèle" }).CountAsync()).ShouldBe(0);
        (await page.GetByText("Importer du JSON").CountAsync()).ShouldBe(0);

        await page.GotoAsync($"/c/{companyId}/procedures/{procedureId}");
        await page.Locator(".react-flow__node[data-id='waitGrace']").WaitForAsync();
        await page.GetByTestId("read-only").WaitForAsync();
        foreach (var name in new[] { "Enregistrer le brouillon", "Publier", "Retirer", "Annuler", "Supprimer", "Disposition automatique" })
        {
            (await page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).CountAsync()).ShouldBe(0, name);
        }

        (await page.GetByRole(AriaRole.Complementary, new() { Name = "Activités" }).CountAsync()).ShouldBe(0);
        await page.Locator(".react-flow__node[data-id='isLarge']").ClickAsync();
        (await page.Locator("[data-input='condition'] textarea").GetAttributeAsync("readonly")).ShouldNotBeNull();
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(StudioHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).WaitForAsync();
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.Locator("#email").WaitForAsync();
    }

    private static async Task DragAsync(IPage page, ILocator from, ILocator to)
    {
        var source = await from.BoundingBoxAsync() ?? throw new InvalidOperationException("source handle not visible");
        var target = await to.BoundingBoxAsync() ?? throw new InvalidOperationException("target handle not visible");
        await page.Mouse.MoveAsync(source.X + (source.Width / 2), source.Y + (source.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(target.X + (target.Width / 2), target.Y + (target.Height / 2), new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string file)
    {
        Directory.CreateDirectory(ImagesDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ImagesDirectory, file), FullPage = false });
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"Dossiers\s*:\s*(\d+)")]
    private static partial Regex CasesLine();
}
