using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Etrepaye.BrowserTests;

/// <summary>The Studio's running instances of a procedure: started through the API (a dispute on a published procedure), seen from the procedure's page.</summary>
public sealed class ProcedureInstancesTests(StudioHost host) : IClassFixture<StudioHost>
{
    private const string Manager = "credit.manager@demo.etrepaye.test";

    [Fact]
    public Task CreditManager_WhenOpeningTheRunningInstancesOfAProcedure_SeesTheInstanceItsStatusAndWhatItsCurrentStepWaitsFor() =>
        host.RunAsync(RunningInstancesAsync);

    private async Task RunningInstancesAsync()
    {
        using var manager = await host.SignedInClientAsync(Manager);
        var companyId = await DemoCompanyIdAsync(manager);
        var procedureId = await PublishDisputeProcedureAsync(manager, companyId);
        var (customerId, instanceId) = await OpenDisputeAsync(manager, companyId);
        var instance = await WaitingInstanceAsync(manager, companyId, instanceId);

        var procedureName = Text(instance, "procedureName")!;
        var customer = $"{Text(instance, "customerReference")} — {Text(instance, "customerName")}";
        var startedAt = Text(instance, "createdAt")!.Replace('T', ' ')[..16];
        var page = await host.NewPageAsync();
        await SignInAsync(page);

        // From the procedure's page, its instances: only this procedure's, the new one running, named with its procedure and customer.
        await page.GotoAsync($"/c/{companyId}/procedures/{procedureId}");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Suivi des litiges" }).GetByRole(AriaRole.Link, new() { Name = "Instances de procédure" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Instances de procédure" }).WaitForAsync();
        page.Url.ShouldEndWith($"/c/{companyId}/instances?definitionId={procedureId}");
        var rows = page.GetByRole(AriaRole.Table).Locator("tbody tr");
        await rows.First.WaitForAsync();
        (await rows.CountAsync()).ShouldBe(1);
        (await rows.First.Locator("td").AllInnerTextsAsync()).ShouldBe([startedAt, $"{procedureName} v1", "En cours", customer, ""]);
        (await rows.First.GetByRole(AriaRole.Link, new() { Name = customer }).GetAttributeAsync("href")).ShouldBe($"/c/{companyId}/customers/{customerId}");

        // The status filter keeps it among the running ones and drops it from the completed ones.
        await page.GetByLabel("Statut").SelectOptionAsync("Running");
        await page.WaitForURLAsync(url => url.Contains("status=Running", StringComparison.Ordinal));
        await rows.First.GetByRole(AriaRole.Link, new() { Name = startedAt }).WaitForAsync();
        (await rows.CountAsync()).ShouldBe(1);
        await page.GetByLabel("Statut").SelectOptionAsync("Completed");
        await rows.First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        (await page.GetByRole(AriaRole.Table).CountAsync()).ShouldBe(1);
        await page.GetByLabel("Statut").SelectOptionAsync("Running");

        // Its page: the procedure's version and status, the current step and what it waits for (the dispute's events, the timeout).
        await rows.First.GetByRole(AriaRole.Link, new() { Name = startedAt }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith($"/c/{companyId}/instances/{instanceId}", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByRole(AriaRole.Heading, new() { Name = $"{procedureName} v1 — En cours" }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = customer }).WaitForAsync();
        var currentSteps = page.GetByRole(AriaRole.Heading, new() { Name = "Étapes en cours" }).Locator("xpath=following-sibling::ul[1]").Locator("li");
        (await currentSteps.AllInnerTextsAsync()).ShouldBe([StepLine(instance)]);
        await page.GetByRole(AriaRole.Form, new() { Name = "Action de l'opérateur" }).WaitForAsync();
        // The journal comes after the instance: what happened so far, the wait's suspension included.
        var journal = page.Locator("ol.journal li");
        await journal.Filter(new() { HasText = "InstanceStarted" }).WaitForAsync();
        (await journal.AllInnerTextsAsync()).ShouldContain(entry => entry.Contains("ActivitySuspended wait", StringComparison.Ordinal));

        // Back to the list, which still shows it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Retour" }).ClickAsync();
        // Other instances may have started in the same minute: the link is the one to this instance.
        await page.Locator($"a[href='/c/{companyId}/instances/{instanceId}']").GetByText(startedAt).WaitForAsync();
    }

    /// <summary>What the instance page writes for the single current step, from the API's view of the instance.</summary>
    private static string StepLine(JsonElement instance)
    {
        var step = instance.GetProperty("steps").EnumerateArray().Single();
        var waits = step.GetProperty("waits").EnumerateArray().Select(w =>
        {
            var kind = w.GetProperty("kind").GetString();
            var text = kind;
            text += Text(w, "event") is { } name ? " " + name : "";
            text += Text(w, "dueAt") is { } dueAt ? " " + dueAt[..10] : "";
            text += Text(w, "title") is { } title ? " " + title : "";
            return text;
        }).ToList();
        waits.ShouldContain("Event DisputeResolved");
        waits.ShouldContain("Event DisputeRejected");
        waits.ShouldContain(w => w.StartsWith("Timer ", StringComparison.Ordinal) && w.EndsWith(" timeout", StringComparison.Ordinal));
        return $"wait {step.GetProperty("status").GetString()} (#{step.GetProperty("attempt").GetInt32()}) {string.Join("; ", waits)}";
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<string> DemoCompanyIdAsync(HttpClient client)
    {
        var companies = await client.GetFromJsonAsync<JsonElement>("/api/companies");
        return companies.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("name").GetString() == StudioHost.DemoCompany).GetProperty("id").GetString()!;
    }

    /// <summary>A procedure for disputes that waits for the dispute's resolution (10 business days), published and made the company's default for disputes.</summary>
    private static async Task<string> PublishDisputeProcedureAsync(HttpClient manager, string companyId)
    {
        var procedures = $"/api/companies/{companyId}/procedures";
        var created = await PostAsync(manager, $"{procedures}/from-template", new { templateId = "example-invoice-dunning", name = "Suivi des litiges" });
        var procedureId = created.GetProperty("id").GetString()!;
        var draft = JsonNode.Parse(created.GetProperty("draft").GetProperty("definition").GetRawText())!.AsObject();
        draft["inputs"] = new JsonArray();
        draft["variables"] = new JsonArray();
        draft["eventHandlers"] = new JsonArray();
        draft["start"] = new JsonObject { ["activity"] = "wait" };
        draft["activities"] = new JsonArray(
            Step("wait", "disputes.wait-for-resolution", new JsonObject { ["timeoutBusinessDays"] = 10 }, 0),
            Step("resolved", "workflow.end", new JsonObject { ["outcome"] = "Resolved" }, 120),
            Step("rejected", "workflow.end", new JsonObject { ["outcome"] = "Rejected" }, 120),
            Step("late", "workflow.end", new JsonObject { ["outcome"] = "Escalate" }, 120));
        draft["connections"] = new JsonArray(Link("wait", "Resolved", "resolved"), Link("wait", "Rejected", "rejected"), Link("wait", "Timeout", "late"));
        var saved = await manager.PutAsJsonAsync($"{procedures}/{procedureId}/draft", new { definition = draft, comment = "wait only", version = created.GetProperty("version").GetInt64() });
        saved.IsSuccessStatusCode.ShouldBeTrue(await saved.Content.ReadAsStringAsync());
        await PostAsync(manager, $"{procedures}/{procedureId}/publish", new { comment = "v1" });
        var assigned = await manager.PutAsJsonAsync($"{procedures}/assignment/defaults/Dispute", new { procedureId });
        assigned.IsSuccessStatusCode.ShouldBeTrue(await assigned.Content.ReadAsStringAsync());
        return procedureId;
    }

    /// <summary>A new customer's invoice disputed: the company's procedure for disputes starts for it.</summary>
    private static async Task<(string CustomerId, Guid InstanceId)> OpenDisputeAsync(HttpClient manager, string companyId)
    {
        var receivables = $"/api/companies/{companyId}/receivables";
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var customer = await PostAsync(manager, $"{receivables}/customers", new { reference = $"RI-{suffix}", name = $"Menuiserie {suffix}", currency = "EUR", paymentTermsDays = 30 });
        var customerId = customer.GetProperty("id").GetString()!;
        var invoice = await PostAsync(manager, $"{receivables}/invoices", new
        {
            customerId, reference = $"F-{suffix}", issueDate = "2026-01-15", dueDate = "2026-02-14", amount = 900m,
        });
        var dispute = await PostAsync(manager, $"/api/companies/{companyId}/disputes", new
        {
            customerId, reason = "quality", description = "Livraison incomplète.", invoices = new[] { new { invoiceId = invoice.GetProperty("id").GetString(), amount = 300m } },
        });
        var disputeUrl = $"/api/companies/{companyId}/disputes/{dispute.GetProperty("id").GetString()}";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var detail = await manager.GetFromJsonAsync<JsonElement>(disputeUrl);
            if (detail.GetProperty("dispute").GetProperty("procedureInstanceId").GetString() is { } instanceId)
            {
                return (customerId, Guid.Parse(instanceId));
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the dispute's procedure did not start");
            await Task.Delay(250);
        }
    }

    private static async Task<JsonElement> WaitingInstanceAsync(HttpClient manager, string companyId, Guid instanceId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await manager.GetAsync($"/api/companies/{companyId}/procedure-instances/{instanceId}");
            if (response.IsSuccessStatusCode)
            {
                var instance = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (instance.GetProperty("steps").EnumerateArray().Any(s => s.GetProperty("activityId").GetString() == "wait"))
                {
                    instance.GetProperty("status").GetString().ShouldBe("Running");
                    return instance;
                }
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the instance did not reach its wait");
            await Task.Delay(250);
        }
    }

    private static JsonObject Step(string id, string type, JsonObject inputs, int y) =>
        new() { ["id"] = id, ["type"] = type, ["inputs"] = inputs, ["position"] = new JsonObject { ["x"] = 0, ["y"] = y } };

    private static JsonObject Link(string from, string port, string to) =>
        new() { ["source"] = new JsonObject { ["activity"] = from, ["port"] = port }, ["target"] = new JsonObject { ["activity"] = to } };

    private static async Task<JsonElement> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {url} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.Locator("#email").FillAsync(Manager);
        await page.Locator("#password").FillAsync(StudioHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).WaitForAsync();
    }
}
