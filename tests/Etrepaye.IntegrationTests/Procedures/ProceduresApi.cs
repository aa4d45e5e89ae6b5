using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;

namespace Etrepaye.IntegrationTests.Procedures;

/// <summary>Small helpers over the procedures HTTP API.</summary>
public static class ProceduresApi
{
    public const string TemplateId = "example-invoice-dunning";

    public static string Base(Guid companyId) => $"/api/companies/{companyId}/procedures";

    public static async Task<ProcedureResponse> CreateFromTemplateAsync(HttpClient client, Guid companyId, string? name = null) =>
        await (await client.PostJsonAsync($"{Base(companyId)}/from-template", new { templateId = TemplateId, name = name ?? $"Dunning {Guid.NewGuid():N}"[..20] }))
            .ReadAsync<ProcedureResponse>();

    public static async Task<ProcedureResponse> PublishAsync(HttpClient client, Guid companyId, Guid procedureId, string? comment = null) =>
        await (await client.PostJsonAsync($"{Base(companyId)}/{procedureId}/publish", new { comment })).ReadAsync<ProcedureResponse>();

    public static async Task<ProcedureResponse> GetAsync(HttpClient client, Guid companyId, Guid procedureId) =>
        await (await client.GetAsync($"{Base(companyId)}/{procedureId}")).ReadAsync<ProcedureResponse>();

    public static Task<HttpResponseMessage> SaveDraftAsync(HttpClient client, Guid companyId, ProcedureResponse procedure, JsonNode definition, string? comment = null) =>
        client.PutAsJsonAsync($"{Base(companyId)}/{procedure.Id}/draft", new { definition, comment, version = procedure.Version }, Json.Options);

    /// <summary>The procedure's draft as an editable JSON tree.</summary>
    public static JsonObject Draft(ProcedureResponse procedure) => JsonNode.Parse(procedure.Draft!.Definition.GetRawText())!.AsObject();

    public static JsonObject Activity(JsonObject definition, string id) =>
        definition["activities"]!.AsArray().Select(a => a!.AsObject()).Single(a => (string?)a["id"] == id);

    /// <summary>A published procedure whose waitPayment timeout is changed, so that versions differ.</summary>
    public static async Task<ProcedureResponse> PublishedAsync(HttpClient client, Guid companyId, string? timeout = null, string? name = null)
    {
        var procedure = await CreateFromTemplateAsync(client, companyId, name);
        if (timeout is not null)
        {
            var draft = Draft(procedure);
            Activity(draft, "waitPayment")["inputs"]!["timeout"] = timeout;
            procedure = await (await SaveDraftAsync(client, companyId, procedure, draft)).ReadAsync<ProcedureResponse>();
        }

        return await PublishAsync(client, companyId, procedure.Id, "first");
    }

    public static JsonElement Element(object value) => JsonSerializer.SerializeToElement(value, Json.Options);
}
