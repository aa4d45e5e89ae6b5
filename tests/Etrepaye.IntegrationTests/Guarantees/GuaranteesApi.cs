using System.Net.Http.Json;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Guarantees;

/// <summary>Small helpers over the guarantees HTTP API.</summary>
public static class GuaranteesApi
{
    public static string Url(Guid companyId) => $"/api/companies/{companyId}/guarantees";

    public static async Task<GuaranteeResponse> CreateAsync(
        HttpClient client, Guid companyId, Guid customerId, string type, decimal amount, string currency, string start, string expiry, string? claimDeadline = null)
    {
        var response = await client.PostJsonAsync(Url(companyId), new
        {
            customerId,
            type,
            issuerName = "Banque Exemple",
            issuerReference = "GAR-" + Guid.NewGuid().ToString("N")[..8],
            beneficiaryLegalEntityCode = "FR01",
            amount,
            currency,
            startDate = start,
            expiryDate = expiry,
            claimDeadline,
        });
        return await response.ReadAsync<GuaranteeResponse>();
    }

    public static async Task<GuaranteeResponse> CreateActiveAsync(
        HttpClient client, Guid companyId, Guid customerId, string type, decimal amount, string currency, string start, string expiry, string? claimDeadline = null)
    {
        var guarantee = await CreateAsync(client, companyId, customerId, type, amount, currency, start, expiry, claimDeadline);
        var response = await client.PostJsonAsync($"{Url(companyId)}/{guarantee.Id}/activate", new { effectiveDate = start, version = guarantee.Version });
        return await response.ReadAsync<GuaranteeResponse>();
    }

    public static async Task<PolicyResponse> CreatePolicyAsync(
        HttpClient client, Guid companyId, string currency = "EUR", decimal coveragePercent = 90m, int maxExtensionDays = 60, int declarationDelayDays = 15,
        string start = "2029-01-01", int claimFilingDays = 150)
    {
        var response = await client.PostJsonAsync($"{Url(companyId)}/policies", new
        {
            insurerName = "Allianz Trade",
            policyNumber = "POL-" + Guid.NewGuid().ToString("N")[..10],
            currency,
            coveragePercent,
            maxExtensionDays,
            declarationDelayDays,
            paymentPlanNotificationDays = 30,
            claimFilingDays,
            startDate = start,
        });
        return await response.ReadAsync<PolicyResponse>();
    }

    public static async Task<InsuredLimitResponse> GrantLimitAsync(HttpClient client, Guid companyId, Guid policyId, Guid customerId, decimal amount, string from)
    {
        var requested = await (await client.PostJsonAsync($"{Url(companyId)}/policies/{policyId}/limits", new { customerId, requestedAmount = amount, requestedOn = from }))
            .ReadAsync<InsuredLimitResponse>();
        var response = await client.PostJsonAsync($"{Url(companyId)}/limits/{requested.Id}/decisions",
            new { status = "Granted", amount, effectiveDate = from, reference = "DEC-1", version = requested.Version });
        return await response.ReadAsync<InsuredLimitResponse>();
    }

    public static async Task SetRateAsync(HttpClient client, Guid companyId, string from, string to, decimal rate, string date = "2020-01-01") =>
        (await client.PutAsJsonAsync($"/api/companies/{companyId}/receivables/exchange-rates", new { date, fromCurrency = from, toCurrency = to, rate }, Json.Options))
            .EnsureSuccessStatusCode();

    /// <summary>The payloads of the guarantees outbox's events of a type (every company).</summary>
    public static async Task<List<string>> OutboxPayloadsAsync(IServiceProvider services, string eventName)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuaranteesDbContext>();
        return await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.EventType.EndsWith("." + eventName)).Select(m => m.Payload).ToListAsync();
    }

    public static Task Eventually(Func<Task<bool>> condition, string because) => Wait.Eventually(condition, because, seconds: 20);
}

/// <summary>A clock fixed at one instant, for the daily check.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public static FixedTime At(string date) => new(DateTimeOffset.Parse(date + "T12:00:00Z", global::System.Globalization.CultureInfo.InvariantCulture));
}
