using System.Net.Http.Headers;
using Etrepaye.Disputes.Contracts;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Disputes;

/// <summary>Small helpers over the disputes HTTP API.</summary>
public static class DisputesApi
{
    public static string Url(Guid companyId) => $"/api/companies/{companyId}/disputes";

    /// <summary>A customer with open invoices of these amounts, issued in 2026 and due on 2026-02-14 (overdue today).</summary>
    public static async Task<(CustomerResponse Customer, List<ItemResponse> Invoices)> CustomerWithInvoicesAsync(HttpClient client, Guid companyId, params decimal[] amounts)
    {
        var customer = await CreateCustomerAsync(client, companyId);
        var invoices = new List<ItemResponse>();
        foreach (var amount in amounts)
        {
            invoices.Add(await RecordAsync(client, companyId, "invoices", customer.Id, amount, "2026-01-15", "2026-02-14"));
        }

        return (customer, invoices);
    }

    public static Task<HttpResponseMessage> OpenAsync(HttpClient client, Guid companyId, Guid customerId, string reason, params (Guid InvoiceId, decimal? Amount)[] invoices) =>
        client.PostJsonAsync(Url(companyId), new
        {
            customerId,
            reason,
            description = "The customer says the goods were not as ordered.",
            invoices = invoices.Select(i => new { invoiceId = i.InvoiceId, amount = i.Amount }).ToArray(),
            publicNote = "Under review with our logistics team.",
        });

    public static async Task<DisputeResponse> OpenDisputeAsync(HttpClient client, Guid companyId, Guid customerId, params (Guid InvoiceId, decimal? Amount)[] invoices) =>
        await (await OpenAsync(client, companyId, customerId, "quality", invoices)).ReadAsync<DisputeResponse>();

    /// <summary>What the disputes hold, asked as the Collection module does (IDisputedAmounts in the company's scope).</summary>
    public static async Task<IReadOnlyDictionary<Guid, decimal>> HeldAsync(IServiceProvider services, Guid companyId, params Guid[] invoiceIds)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "test");
        return await scope.ServiceProvider.GetRequiredService<IDisputedAmounts>().GetHeldAmountsAsync(invoiceIds, CancellationToken.None);
    }

    public static async Task<IReadOnlyList<OpenDisputeDto>> OpenDisputesOfAsync(IServiceProvider services, Guid companyId, Guid customerId)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "test");
        return await scope.ServiceProvider.GetRequiredService<IDisputedAmounts>().GetOpenDisputesAsync(customerId, CancellationToken.None);
    }

    /// <summary>The payloads of the disputes outbox's events of a type (every company).</summary>
    public static async Task<List<string>> OutboxPayloadsAsync(IServiceProvider services, string eventName)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
        return await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.EventType.EndsWith("." + eventName)).Select(m => m.Payload).ToListAsync();
    }

    public static HttpRequestMessage LinkRequest(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Link-Token", token);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body, options: Json.Options);
        }

        return request;
    }

    public static MultipartFormDataContent File(byte[] content, string fileName, string contentType) =>
        new() { { new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue(contentType) } }, "file", fileName } };

    public static Task Eventually(Func<Task<bool>> condition, string because) => Wait.Eventually(condition, because);
}
