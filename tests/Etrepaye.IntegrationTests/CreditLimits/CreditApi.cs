using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Features;
using Etrepaye.CreditLimits.Features.Settings;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using Etrepaye.Receivables.Features;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.CreditLimits;

/// <summary>Small helpers over the credit-limits HTTP API.</summary>
public static class CreditApi
{
    public static string CreditUrl(Guid companyId) => $"/api/companies/{companyId}/credit";

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);

    public static readonly object[] Matrix =
    [
        new { role = "Operator", label = "Analyst", maxAmount = (decimal?)10_000m },
        new { role = "CreditManager", label = "Credit manager", maxAmount = (decimal?)50_000m },
        new { role = "Administrator", label = "Finance director", maxAmount = (decimal?)null },
    ];

    public static async Task<CustomerResponse> NewCustomerAsync(HttpClient client, Guid companyId, string currency = "EUR", Guid? parentId = null)
    {
        var response = await client.PostJsonAsync($"/api/companies/{companyId}/receivables/customers", new
        {
            reference = $"CL-{Guid.NewGuid():N}"[..20],
            name = "Credit customer " + Guid.NewGuid().ToString("N")[..6],
            currency,
            paymentTermsDays = 30,
            parentCustomerId = parentId,
        });
        return await response.ReadAsync<CustomerResponse>();
    }

    public static async Task<CreditSettingsResponse> SetSettingsAsync(
        HttpClient manager, Guid companyId, bool includeDraftInvoices = false, bool deductCover = false, object? weights = null, object[]? matrix = null)
    {
        var current = await (await manager.GetAsync($"{CreditUrl(companyId)}/settings")).ReadAsync<CreditSettingsResponse>();
        var response = await manager.PutAsJsonAsync($"{CreditUrl(companyId)}/settings", new
        {
            includeDraftInvoices,
            deductCover,
            warningPercent = 80m,
            authorityCurrency = "EUR",
            authorityMatrix = matrix ?? Matrix,
            scoreWeights = weights ?? new { equity = 20, profitability = 20, recordedIncidents = 15, daysLate = 25, disputes = 10, collectionIncidents = 10 },
            behaviourWindowDays = 365,
            version = current.Version,
        }, Json.Options);
        return await response.ReadAsync<CreditSettingsResponse>();
    }

    public static async Task<CreditRequestResponse> RequestAsync(
        HttpClient client, Guid companyId, Guid customerId, decimal amount, string currency = "EUR", DateOnly? reviewDate = null, DateOnly? validUntil = null, string reason = "New contract")
    {
        var response = await client.PostJsonAsync($"{CreditUrl(companyId)}/requests", new { customerId, amount, currency, reviewDate, validUntil, reason });
        return await response.ReadAsync<CreditRequestResponse>();
    }

    public static Task<HttpResponseMessage> DecideAsync(HttpClient client, Guid companyId, CreditRequestResponse request, string decision = "Approve", decimal? amount = null, string? comment = null) =>
        client.PostJsonAsync($"{CreditUrl(companyId)}/requests/{request.Id}/decision", new { decision, amount, comment, version = request.Version });

    /// <summary>A limit asked for by the credit manager and approved by the administrator (whose authority has no ceiling).</summary>
    public static async Task<CreditRequestResponse> GrantAsync(
        EtrepayeFactory factory, Guid companyId, Guid customerId, decimal amount, string currency = "EUR", DateOnly? reviewDate = null, DateOnly? validUntil = null)
    {
        var admin = await factory.SignInAsync(DemoUsers.Admin);
        var manager = await factory.SignInAsync(DemoUsers.CreditManager);
        var request = await RequestAsync(manager, companyId, customerId, amount, currency, reviewDate ?? validUntil ?? Today.AddMonths(6), validUntil);
        return await (await DecideAsync(admin, companyId, request)).ReadAsync<CreditRequestResponse>();
    }

    public static async Task RefreshAsync(HttpClient manager, Guid companyId, Guid? customerId = null) =>
        (await manager.PostJsonAsync($"{CreditUrl(companyId)}/exposure/refresh", new { customerId })).EnsureSuccessStatusCode();

    public static Task<HttpResponseMessage> ImportOrdersAsync(HttpClient client, Guid companyId, string csv) =>
        client.PostAsync($"{CreditUrl(companyId)}/orders/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

    /// <summary>Publishes another module's event the way that module does: through an outbox, delivered by the dispatcher.</summary>
    public static async Task PublishAsync<TEvent>(IServiceProvider services, TEvent integrationEvent)
        where TEvent : IIntegrationEvent
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(integrationEvent.CompanyId, "test");
        var db = scope.ServiceProvider.GetRequiredService<CreditLimitsDbContext>();
        db.Publish(integrationEvent);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<OutboxSignal>().Notify();
    }

    public static async Task<List<string>> OutboxPayloadsAsync(IServiceProvider services, string eventName)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditLimitsDbContext>();
        return await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.EventType.EndsWith("." + eventName)).Select(m => m.Payload).ToListAsync();
    }

    public static Task Eventually(Func<Task<bool>> condition, string because) => Wait.Eventually(condition, because);

    /// <summary>A published procedure for credit requests that gives the decision to the approver role and ends on the decision.</summary>
    public const string ApprovalProcedure = """
        {
          "definitionId": "credit-approval", "version": 1, "name": "Credit limit approval",
          "inputs": [
            { "name": "requestId", "type": "string", "required": true },
            { "name": "kind", "type": "string" },
            { "name": "trigger", "type": "string" },
            { "name": "amount", "type": "money" },
            { "name": "approverRole", "type": "string", "required": true },
            { "name": "reason", "type": "string" }
          ],
          "start": { "activity": "decide" },
          "activities": [
            { "id": "decide", "type": "workflow.human-task",
              "inputs": { "title": "Decide the credit limit request", "role": { "expression": "approverRole" }, "outcomes": ["Decided"] } },
            { "id": "done", "type": "workflow.end", "inputs": { "outcome": "Decided" } }
          ],
          "connections": [ { "source": { "activity": "decide", "port": "Decided" }, "target": { "activity": "done" } } ],
          "eventHandlers": [ { "event": "CreditLimitRequestDecided", "action": "end", "outcome": "Decided" } ]
        }
        """;

    public static async Task<ProcedureResponse> UseApprovalProcedureAsync(HttpClient manager, Guid companyId)
    {
        var imported = await (await manager.PostJsonAsync($"/api/companies/{companyId}/procedures/import",
            new { definition = JsonDocument.Parse(ApprovalProcedure).RootElement, name = $"Credit approval {Guid.NewGuid():N}"[..30] })).ReadAsync<ProcedureResponse>();
        var published = await (await manager.PostJsonAsync($"/api/companies/{companyId}/procedures/{imported.Id}/publish", new { comment = "first" })).ReadAsync<ProcedureResponse>();
        (await manager.PutAsJsonAsync($"/api/companies/{companyId}/procedures/assignment/defaults/CreditLimitRequest", new { procedureId = published.Id }, Json.Options))
            .EnsureSuccessStatusCode();
        return published;
    }

    public static async Task<ExposureResponse> GroupExposureAsync(HttpClient client, Guid companyId, Guid customerId) =>
        (await (await client.GetAsync($"{CreditUrl(companyId)}/customers/{customerId}/exposure")).ReadAsync<CustomerExposureResponse>()).Limits[0].Exposure;
}
