using Microsoft.Playwright;

namespace Etrepaye.BrowserTests;

/// <summary>The administrator's calendar panel in the company settings.</summary>
public sealed class CompanyCalendarTests(StudioHost host) : IClassFixture<StudioHost>
{
    private const string Admin = "admin@demo.etrepaye.test";
    private const string CompanyA = "01937a5e-0000-7000-8000-00000000de01";

    [Fact]
    public Task Administrator_WhenAddingAClosedDay_SeesItInTheYearsClosedDates() => host.RunAsync(AddClosedDayAsync);

    private async Task AddClosedDayAsync()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#email").FillAsync(Admin);
        await page.Locator("#password").FillAsync(StudioHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).WaitForAsync();

        await page.GotoAsync($"/c/{CompanyA}/administration?tab=company");
        var panel = page.GetByTestId("calendar-panel");
        var form = panel.GetByRole(AriaRole.Form, new() { Name = "Ajouter un jour de fermeture" });
        await form.WaitForAsync();

        // Checked before sending: no label, no date.
        await form.GetByRole(AriaRole.Button, new() { Name = "Ajouter un jour de fermeture" }).ClickAsync();
        await form.GetByText("Donnez un libellé (100 caractères au plus).").WaitForAsync();
        await form.GetByText("Donnez une date valide.").WaitForAsync();

        var date = $"{DateTime.UtcNow.Year}-12-28";
        await form.GetByLabel("Libellé").FillAsync("Inventaire de fin d'année");
        await form.GetByLabel("Du").FillAsync(date);
        await form.GetByRole(AriaRole.Button, new() { Name = "Ajouter un jour de fermeture" }).ClickAsync();

        var dates = panel.GetByTestId("closed-dates");
        await dates.GetByText("Inventaire de fin d'année").WaitForAsync();
        (await dates.Locator($"time[datetime='{date}']").CountAsync()).ShouldBe(1);
        (await panel.GetByRole(AriaRole.Table, new() { Name = "Jours de fermeture de la société" }).GetByText("Inventaire de fin d'année").CountAsync()).ShouldBe(1);
    }
}
