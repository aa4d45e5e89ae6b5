using System.Net.Http.Headers;
using System.Text;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features;
using Etrepaye.Receivables.Features.GetImport;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>Small helpers over the receivables HTTP API.</summary>
public static class ReceivablesApi
{
    public static string Base(Guid companyId) => $"/api/companies/{companyId}/receivables";

    public static string NewReference(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];

    public static async Task<CustomerResponse> CreateCustomerAsync(HttpClient client, Guid companyId, string currency = "EUR", string? reference = null, string? legalEntityCode = null)
    {
        var response = await client.PostJsonAsync($"{Base(companyId)}/customers", new
        {
            reference = reference ?? NewReference("C"),
            name = "Customer " + Guid.NewGuid().ToString("N")[..6],
            currency,
            paymentTermsDays = 30,
            legalEntityCode,
            contacts = new[] { new { name = "Anna Billing", role = "Billing", email = "anna@example.com", preferredChannel = "Email" } },
        });
        return await response.ReadAsync<CustomerResponse>();
    }

    public static async Task<ItemResponse> RecordAsync(
        HttpClient client, Guid companyId, string kind, Guid customerId, decimal amount, string issueDate, string? dueDate = null, string? currency = null, bool disputed = false)
    {
        var response = await client.PostJsonAsync($"{Base(companyId)}/{kind}", new
        {
            customerId,
            reference = NewReference(kind[..3].ToUpperInvariant()),
            currency,
            issueDate,
            dueDate,
            amount,
            disputed,
        });
        return await response.ReadAsync<ItemResponse>();
    }

    public static Task<HttpResponseMessage> UploadAsync(
        HttpClient client, Guid companyId, string csv, object? mapping = null, Guid? mappingId = null, string? mode = null, string? policy = null,
        string? importDate = null, bool withBom = false, string? mappingName = null)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        if (withBom)
        {
            bytes = [.. Encoding.UTF8.GetPreamble(), .. bytes];
        }

        return UploadBytesAsync(client, companyId, bytes, mapping, mappingId, mode, policy, importDate, mappingName);
    }

    public static Task<HttpResponseMessage> UploadBytesAsync(
        HttpClient client, Guid companyId, byte[] bytes, object? mapping = null, Guid? mappingId = null, string? mode = null, string? policy = null,
        string? importDate = null, string? mappingName = null)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "ledger.csv");
        if (mapping is not null)
        {
            content.Add(new StringContent(System.Text.Json.JsonSerializer.Serialize(mapping, Json.Options)), "mapping");
        }

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                content.Add(new StringContent(value), name);
            }
        }

        Add("mappingId", mappingId?.ToString());
        Add("mappingName", mappingName);
        Add("mode", mode);
        Add("policy", policy);
        Add("importDate", importDate);
        return client.PostAsync($"{Base(companyId)}/imports", content);
    }

    public static async Task<ImportResponse> ImportAsync(
        HttpClient client, Guid companyId, string csv, object? mapping = null, Guid? mappingId = null, string? mode = null, string? policy = null,
        string? importDate = null, bool withBom = false)
    {
        var response = await UploadAsync(client, companyId, csv, mapping, mappingId, mode, policy, importDate, withBom);
        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.Accepted);
        return await response.ReadAsync<ImportResponse>();
    }
}
