using System.Net.Http.Json;
using System.Text.Json;
using Etrepaye.Workflows.Activities.BuiltIn;
using Etrepaye.Workflows.Persistence;
using Microsoft.Extensions.Options;

namespace Etrepaye.Workflows.Integration;

public sealed class WebhookOptions
{
    public const string SectionName = "Workflows:Webhooks";

    /// <summary>
    /// Hosts a procedure may notify (exact names, e.g. erp.example.com or 127.0.0.1). Empty: no webhook is
    /// sent. A procedure is edited by users, so the list keeps it from reaching internal services.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Sends the webhook effect: a JSON POST carrying the idempotency key, a non-2xx answer being a failure to retry.</summary>
internal sealed class WebhookEffectHandler(IHttpClientFactory httpClients, IOptions<WebhookOptions> options) : IEffectHandler
{
    public const string HttpClientName = "etrepaye-webhooks";

    public string EffectType => WebhookEffect.EffectType;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var url = request.Payload.GetProperty("url").GetString();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"'{url}' is not an http or https URL.");
        }

        if (!options.Value.AllowedHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The host '{uri.Host}' is not in Workflows:Webhooks:AllowedHosts.");
        }

        var client = httpClients.CreateClient(HttpClientName);
        client.Timeout = options.Value.Timeout;
        using var message = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(new
            {
                @event = request.Payload.GetProperty("event").GetString(),
                idempotencyKey = request.IdempotencyKey,
                companyId = request.CompanyId,
                instanceId = request.InstanceId,
                activityId = request.ActivityId,
                attempt = request.Attempt,
                correlation = request.Payload.GetProperty("correlation"),
                data = request.Payload.TryGetProperty("data", out var data) ? data : default(JsonElement?),
            }),
        };
        message.Headers.Add("Idempotency-Key", request.IdempotencyKey);
        using var response = await client.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The webhook {uri.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        return JsonSerializer.SerializeToElement(new { status = (int)response.StatusCode });
    }
}
