using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Etrepaye.BrowserTests;

/// <summary>
/// The module screens' main actions on the demo company, through their forms: a dispute opened and resolved, a credit
/// limit asked for and approved by another member (four eyes), a guarantee recorded and activated, an agency added with
/// its key shown once, a legal entity added and a member's roles replaced. Each checks what the user sees, then the API.
/// </summary>
public sealed class ModuleActionTests(StudioHost host) : IClassFixture<StudioHost>
{
    private const string CompanyA = "01937a5e-0000-7000-8000-00000000de01";
    private const string Admin = "admin@demo.etrepaye.test";
    private const string Manager = "credit.manager@demo.etrepaye.test";
    private const string Operator = "operator@demo.etrepaye.test";

    [Fact]
    public Task Operator_WhenOpeningADisputeThatACreditManagerResolves_SeesItInTheListThenResolved() => host.RunAsync(DisputeAsync);

    [Fact]
    public Task CreditManager_WhenApprovingAnOperatorsCreditRequest_SeesTheLimitInTheHistoryAndTheRequesterCannotApprove() => host.RunAsync(CreditRequestAsync);

    [Fact]
    public Task CreditManager_WhenRecordingAndActivatingAGuarantee_SeesItInTheListAndAmongThoseExpiring() => host.RunAsync(GuaranteeAsync);

    [Fact]
    public Task CreditManager_WhenAddingAnAgencyAndIssuingItsKey_SeesTheKeyOnce() => host.RunAsync(AgencyAsync);

    [Fact]
    public Task Administrator_WhenAddingALegalEntityAndChangingAMembersRoles_SeesBothInTheLists() => host.RunAsync(AdministrationAsync);

    private async Task DisputeAsync()
    {
        var customerId = await CustomerIdAsync("C-1003");
        var page = await SignedInPageAsync(Operator);
        await page.GotoAsync($"/c/{CompanyA}/disputes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir un litige" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Ouvrir un litige" });

        // Nothing is sent while the form lacks the customer, the invoices, the reason or the description.
        await form.GetByRole(AriaRole.Button, new() { Name = "Ouvrir un litige" }).ClickAsync();
        await form.GetByText("Choisissez un client.").WaitForAsync();
        (await form.GetByLabel("Client", new() { Exact = true }).GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await form.GetByText("Choisissez au moins une facture.").WaitForAsync();

        await form.GetByLabel("Rechercher (nom ou référence)").FillAsync("Dubois");
        await SelectWhenListedAsync(form.GetByLabel("Client", new() { Exact = true }), customerId);
        await form.GetByRole(AriaRole.Checkbox, new() { Name = "F-2026-0121" }).CheckAsync();
        await form.GetByLabel("Montant contesté (facultatif)").FillAsync("500");
        await form.GetByLabel("Motif du litige").SelectOptionAsync("price");
        await form.GetByLabel("Description").FillAsync("Prix unitaire facturé au-dessus du devis.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Ouvrir un litige" }).ClickAsync();

        // The list shows the new dispute; its link leads to it.
        await page.GetByText("Litige ouvert.").WaitForAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "500,00" }).Filter(new() { HasText = "price" });
        await row.First.WaitForAsync();
        using var manager = await host.SignedInClientAsync(Manager);
        var disputes = await manager.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/disputes?customerId={customerId}");
        var dispute = disputes.GetProperty("items").EnumerateArray().Single();
        dispute.GetProperty("amount").GetDecimal().ShouldBe(500m);
        var disputeId = dispute.GetProperty("id").GetString();

        // A credit manager gives the customer reason on the whole amount; the dispute shows as resolved.
        var managerPage = await SignedInPageAsync(Manager);
        await managerPage.GotoAsync($"/c/{CompanyA}/disputes/{disputeId}");
        var decide = managerPage.GetByRole(AriaRole.Form, new() { Name = "Statuer sur le litige" });
        await decide.GetByRole(AriaRole.Radio, new() { Name = "Donner raison au client" }).CheckAsync();
        await decide.GetByLabel("Montant accepté F-2026-0121").FillAsync("500");
        await decide.GetByLabel("Commentaire").FillAsync("Avoir à émettre.");
        await decide.GetByRole(AriaRole.Button, new() { Name = "Appliquer" }).ClickAsync();
        await managerPage.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Resolved" }).WaitForAsync();
        var resolved = await manager.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/disputes/{disputeId}");
        resolved.GetProperty("dispute").GetProperty("status").GetString().ShouldBe("Resolved");
    }

    private async Task CreditRequestAsync()
    {
        var customerId = await CustomerIdAsync("C-1005");
        await SetAuthorityMatrixAsync();
        var page = await SignedInPageAsync(Operator);
        await page.GotoAsync($"/c/{CompanyA}/credit?tab=requests");
        await page.GetByRole(AriaRole.Button, new() { Name = "Demander une limite de crédit" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Demander une limite de crédit" });
        await form.GetByLabel("Rechercher (nom ou référence)").FillAsync("Pharmacie");
        await SelectWhenListedAsync(form.GetByLabel("Client", new() { Exact = true }), customerId);
        await form.GetByLabel("Limite demandée").FillAsync("20000");
        await form.GetByLabel("Motif").FillAsync("Nouvelles commandes de fin d'année.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await page.GetByText("Demande envoyée").WaitForAsync();

        // Four eyes: the operator who asked cannot decide it.
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Pharmacie du Centre" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Décider" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Appliquer" }).ClickAsync();
        await page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "four-eyes" }).WaitForAsync();

        // The credit manager, within their authority, approves it.
        var managerPage = await SignedInPageAsync(Manager);
        await managerPage.GotoAsync($"/c/{CompanyA}/credit?tab=requests");
        var pending = managerPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "Pharmacie du Centre" });
        await pending.GetByRole(AriaRole.Button, new() { Name = "Décider" }).ClickAsync();
        await managerPage.GetByRole(AriaRole.Radio, new() { Name = "Accorder" }).CheckAsync();
        await managerPage.GetByRole(AriaRole.Button, new() { Name = "Appliquer" }).ClickAsync();
        await pending.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // The limit's history names who asked and who approved, with the approver's role.
        await managerPage.GetByRole(AriaRole.Button, new() { Name = "Limites", Exact = true }).ClickAsync();
        await managerPage.GetByRole(AriaRole.Button, new() { Name = "C-1005 — Pharmacie du Centre" }).ClickAsync();
        var history = managerPage.GetByRole(AriaRole.Region, new() { Name = "Historique de la limite" });
        var line = history.GetByRole(AriaRole.Row).Filter(new() { HasText = "Nouvelles commandes" });
        await line.WaitForAsync();
        (await line.InnerTextAsync()).ShouldContain($"{Manager} (CreditManager)");
        (await line.InnerTextAsync()).ShouldContain(Operator);
        using var viewer = await host.SignedInClientAsync("viewer@demo.etrepaye.test");
        var limit = await viewer.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/credit/limits/{customerId}");
        limit.GetProperty("history").EnumerateArray().First().GetProperty("amount").GetDecimal().ShouldBe(20_000m);
    }

    private async Task GuaranteeAsync()
    {
        var customerId = await CustomerIdAsync("C-1004");
        var expiry = DateTime.Now.Date.AddDays(20).ToString("yyyy-MM-dd");
        var page = await SignedInPageAsync(Manager);
        await page.GotoAsync($"/c/{CompanyA}/guarantees?tab=list");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer une garantie" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Enregistrer une garantie" });
        await form.GetByLabel("Rechercher (nom ou référence)").FillAsync("Moreau");
        await SelectWhenListedAsync(form.GetByLabel("Client", new() { Exact = true }), customerId);
        await form.GetByLabel("Émetteur", new() { Exact = true }).FillAsync("Banque Populaire du Nord");
        await form.GetByLabel("Montant", new() { Exact = true }).FillAsync("25000");

        // The expiry cannot come before the start: said under the field, nothing sent.
        await form.GetByLabel("Expiration", new() { Exact = true }).FillAsync(DateTime.Now.Date.AddDays(-3).ToString("yyyy-MM-dd"));
        await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer une garantie" }).ClickAsync();
        await form.GetByText("Ne peut précéder la date dont elle dépend.").WaitForAsync();
        await form.GetByLabel("Expiration", new() { Exact = true }).FillAsync(expiry);
        await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer une garantie" }).ClickAsync();

        // The new guarantee opens, requested; activated, it is listed as active and among those expiring.
        var detail = page.GetByRole(AriaRole.Region, new() { Name = "Garantie", Exact = true });
        await detail.GetByRole(AriaRole.Heading, new() { Name = "Banque Populaire du Nord (Requested)" }).WaitForAsync();
        await detail.GetByRole(AriaRole.Button, new() { Name = "Activer" }).ClickAsync();
        await detail.GetByRole(AriaRole.Heading, new() { Name = "Banque Populaire du Nord (Active)" }).WaitForAsync();
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Banque Populaire du Nord" }).Filter(new() { HasText = "Active" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Arrivant à échéance" }).ClickAsync();
        var soon = page.GetByRole(AriaRole.Region, new() { Name = "0–30" });
        await soon.GetByRole(AriaRole.Row).Filter(new() { HasText = "Banque Populaire du Nord" }).Filter(new() { HasText = expiry }).WaitForAsync();

        using var viewer = await host.SignedInClientAsync("viewer@demo.etrepaye.test");
        var list = await viewer.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/guarantees?customerId={customerId}");
        var guarantee = list.GetProperty("items").EnumerateArray().Single();
        guarantee.GetProperty("status").GetString().ShouldBe("Active");
        guarantee.GetProperty("amount").GetDecimal().ShouldBe(25_000m);
    }

    private async Task AgencyAsync()
    {
        var page = await SignedInPageAsync(Manager);
        await page.GotoAsync($"/c/{CompanyA}/agencies");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une agence" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Ajouter une agence" });
        await form.GetByLabel("Nom").FillAsync("Recouvrement Atlantique");
        await form.GetByLabel("Commission (%)").FillAsync("150");
        await form.GetByRole(AriaRole.Button, new() { Name = "Ajouter une agence" }).ClickAsync();
        await form.GetByText("Un pourcentage dans les bornes permises.").WaitForAsync();
        await form.GetByLabel("Commission (%)").FillAsync("12,5");
        await form.GetByRole(AriaRole.Button, new() { Name = "Ajouter une agence" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Recouvrement Atlantique" }).WaitForAsync();

        // The new agency's keys: one issued, shown once.
        var keys = page.GetByRole(AriaRole.Region, new() { Name = "Les clés d’API de l’agence" });
        await keys.GetByLabel("Nom de la clé").FillAsync("Portail agence");
        await keys.GetByRole(AriaRole.Button, new() { Name = "Émettre une clé" }).ClickAsync();
        var once = keys.GetByTestId("agency-key-once");
        var key = await once.Locator("code").InnerTextAsync();
        key.Length.ShouldBeGreaterThan(20);
        await keys.GetByRole(AriaRole.Cell, new() { Name = "Portail agence", Exact = true }).WaitForAsync();

        // Opened again, the agency lists the key by its name only.
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Recouvrement Atlantique" }).ClickAsync();
        await keys.GetByRole(AriaRole.Cell, new() { Name = "Portail agence", Exact = true }).WaitForAsync();
        (await page.GetByText(key).CountAsync()).ShouldBe(0);
        (await keys.GetByTestId("agency-key-once").CountAsync()).ShouldBe(0);

        // The API lists the agency and its key, by name.
        using var manager = await host.SignedInClientAsync(Manager);
        var agencies = await manager.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/collection/agencies");
        var agency = agencies.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "Recouvrement Atlantique");
        agency.GetProperty("commissionRate").GetDecimal().ShouldBe(12.5m);
        var listed = await manager.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/collection/agencies/{agency.GetProperty("id").GetString()}/api-keys");
        listed.GetProperty("items").EnumerateArray().Single().GetProperty("name").GetString().ShouldBe("Portail agence");
    }

    private async Task AdministrationAsync()
    {
        var page = await SignedInPageAsync(Admin);
        await page.GotoAsync($"/c/{CompanyA}/administration?tab=company");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Ajouter une entité juridique" });
        await form.GetByLabel("Code").FillAsync("FR-02");
        await form.GetByLabel("Nom").FillAsync("Démo Services SAS");
        await form.GetByLabel("SIREN").FillAsync("73282932");
        await form.GetByRole(AriaRole.Button, new() { Name = "Ajouter une entité juridique" }).ClickAsync();
        await form.GetByText("Un SIREN a 9 chiffres.").WaitForAsync();
        (await form.GetByLabel("SIREN").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await form.GetByLabel("SIREN").FillAsync("732829320");
        await form.GetByRole(AriaRole.Button, new() { Name = "Ajouter une entité juridique" }).ClickAsync();
        var entities = page.GetByRole(AriaRole.Table, new() { Name = "Entités juridiques" });
        await entities.GetByRole(AriaRole.Cell, new() { Name = "Démo Services SAS", Exact = true }).WaitForAsync();

        // The viewer becomes operator too.
        await page.GetByRole(AriaRole.Button, new() { Name = "Utilisateurs et rôles" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Changer les rôles viewer@demo.etrepaye.test" }).ClickAsync();
        var roles = page.GetByRole(AriaRole.Form, new() { Name = "Changer les rôles: Victor Viewer (viewer@demo.etrepaye.test)" });
        await roles.GetByRole(AriaRole.Checkbox, new() { Name = "Operator", Exact = true }).CheckAsync();
        await roles.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await roles.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var viewerRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "viewer@demo.etrepaye.test" });
        await viewerRow.Filter(new() { HasText = "Operator" }).WaitForAsync();

        using var admin = await host.SignedInClientAsync(Admin);
        var members = await admin.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/members");
        var viewer = members.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("email").GetString() == "viewer@demo.etrepaye.test");
        viewer.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["Viewer", "Operator"], ignoreOrder: true);
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/legal-entities");
        listed.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("code").GetString() == "FR-02").GetProperty("siren").GetString().ShouldBe("732829320");
    }

    /// <summary>A matrix for the credit test: operators up to 1,000, credit managers up to 50,000, administrators above.</summary>
    private async Task SetAuthorityMatrixAsync()
    {
        using var admin = await host.SignedInClientAsync(Admin);
        var settings = await admin.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/credit/settings");
        var body = new Dictionary<string, object?>
        {
            ["includeDraftInvoices"] = settings.GetProperty("includeDraftInvoices").GetBoolean(),
            ["deductCover"] = settings.GetProperty("deductCover").GetBoolean(),
            ["warningPercent"] = settings.GetProperty("warningPercent").GetDecimal(),
            ["authorityCurrency"] = settings.GetProperty("authorityCurrency").GetString(),
            ["authorityMatrix"] = new object[]
            {
                new { role = "Operator", label = "Opérateur", maxAmount = 1_000m },
                new { role = "CreditManager", label = "Responsable crédit", maxAmount = 50_000m },
                new { role = "Administrator", label = "Direction", maxAmount = (decimal?)null },
            },
            ["scoreWeights"] = settings.GetProperty("scoreWeights"),
            ["behaviourWindowDays"] = settings.GetProperty("behaviourWindowDays").GetInt32(),
            ["version"] = settings.GetProperty("version").GetInt64(),
        };
        (await admin.PutAsJsonAsync($"/api/companies/{CompanyA}/credit/settings", body)).EnsureSuccessStatusCode();
    }

    /// <summary>The demo customer's id, once the demo data is in (it is written after the host starts).</summary>
    private async Task<string> CustomerIdAsync(string reference)
    {
        using var viewer = await host.SignedInClientAsync("viewer@demo.etrepaye.test");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var found = await viewer.GetFromJsonAsync<JsonElement>($"/api/companies/{CompanyA}/receivables/customers?search={reference}");
            if (found.GetProperty("items").EnumerateArray().FirstOrDefault(c => c.GetProperty("reference").GetString() == reference) is { ValueKind: JsonValueKind.Object } customer)
            {
                return customer.GetProperty("id").GetString()!;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The demo customer {reference} was not there after 60 s.");
            }

            await Task.Delay(500);
        }
    }

    private static async Task SelectWhenListedAsync(ILocator select, string value)
    {
        await select.Locator($"option[value='{value}']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await select.SelectOptionAsync(value);
    }

    private async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(StudioHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).WaitForAsync();
        return page;
    }
}
