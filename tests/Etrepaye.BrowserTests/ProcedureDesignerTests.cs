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
}
