using System.Net.Http.Headers;
using System.Net.Http.Json;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Features.Agencies;
using Etrepaye.Collection.Features.Agencies.CreateAgencyKey;
using Etrepaye.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>Small helpers over the agencies' HTTP API (company side and the agency's own).</summary>
internal static class AgenciesApi
{
    public static string CollectionUrl(Guid companyId) => $"/api/companies/{companyId}/collection";

    public static string Handover(Guid companyId, Guid caseId) => $"{CollectionUrl(companyId)}/cases/{caseId}/agency-handover";

    /// <summary>Today for the demo companies (Europe/Paris), as the API counts business dates.</summary>
    public static DateOnly Today =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);

    public static string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<AgencyResponse> CreateAgencyAsync(
        HttpClient client, Guid companyId, decimal commissionRate = 15m, int firstContactDays = 10, int reportEveryDays = 30, bool isDefault = false, string? name = null)
    {
        var response = await client.PostJsonAsync($"{CollectionUrl(companyId)}/agencies", new
        {
            name = name ?? "Agence " + Guid.NewGuid().ToString("N")[..8],
            contactName = "Paul Recouvrement",
            email = "paul@agence.example",
            phone = "+33 1 23 45 67 89",
            commissionRate,
            firstContactDays,
            reportEveryDays,
            isDefault,
        });
        return await response.ReadAsync<AgencyResponse>();
    }

    public static async Task<string> CreateKeyAsync(HttpClient client, Guid companyId, Guid agencyId)
    {
        var response = await client.PostJsonAsync($"{CollectionUrl(companyId)}/agencies/{agencyId}/api-keys", new { name = "agency system" });
        return (await response.ReadAsync<CreatedAgencyKeyResponse>()).Key;
    }

    public static HttpClient AgencyClient(EtrepayeFactory factory, string key)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Agency-Key", key);
        return client;
    }

    public static Task<HttpResponseMessage> HandOverAsync(
        HttpClient client, Guid companyId, Guid caseId, Guid customerId, Guid? agencyId, IEnumerable<Guid> invoiceIds, string? note = null, string? handedOverOn = null) =>
        client.PostJsonAsync(Handover(companyId, caseId), new { customerId, agencyId, invoiceIds = invoiceIds.ToArray(), note, handedOverOn });

    /// <summary>Opens the customer's collection case as the overdue invoice does, and returns its id (what a handover names).</summary>
    public static async Task<Guid> OpenCaseAsync(IServiceProvider services, HttpClient client, Guid companyId, Etrepaye.Receivables.Features.ItemResponse overdueInvoice)
    {
        await CollectionApi.PublishOverdueAsync(services, companyId, overdueInvoice);
        return (await CollectionApi.WaitForCaseAsync(client, companyId, overdueInvoice.CustomerId)).Case.Id;
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid companyId, Guid caseId, byte[] content, string fileName, string contentType)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PostAsync($"{Handover(companyId, caseId)}/documents", new MultipartFormDataContent { { file, "file", fileName } });
    }

    public static async Task<AgencyCaseDetailResponse> AgencyCaseAsync(HttpClient agency, Guid agencyCaseId) =>
        await (await agency.GetAsync($"/api/agency/cases/{agencyCaseId}")).ReadAsync<AgencyCaseDetailResponse>();

    /// <summary>Counts rows of the agencies' tables, every company included.</summary>
    public static async Task<int> CountAsync(IServiceProvider services, Func<CollectionDbContext, Task<int>> count)
    {
        await using var scope = services.CreateAsyncScope();
        return await count(scope.ServiceProvider.GetRequiredService<CollectionDbContext>());
    }

    public static Task<int> AgencyCasesOfAsync(IServiceProvider services, Guid caseId) =>
        CountAsync(services, db => db.AgencyCases.IgnoreQueryFilters().CountAsync(c => c.CaseId == caseId));

    /// <summary>The payloads of the collection outbox's events of a type (every company).</summary>
    public static async Task<List<string>> OutboxPayloadsAsync(IServiceProvider services, string eventName)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        return await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.EventType.EndsWith("." + eventName)).Select(m => m.Payload).ToListAsync();
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body, Json.Options);
}
