using System.Text.Json;
using Etrepaye.Disputes.Contracts;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.IntegrationTests.Workflows;
using Etrepaye.Procedures.Features;
using Etrepaye.Procedures.Features.Instances;
using Etrepaye.Shared.Outbox;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Collection.CollectionApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>A dispute opened through the Disputes API reaches the customer's case procedure, whose handlers are keyed by case.</summary>
public sealed class CollectionDisputeEventsTests : IAsyncLifetime
{
    private static readonly Guid _company = EtrepayeFactory.DemoClientCompanyId;
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 2, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string _folder = CollectionFactory.NewFolder();
    private CollectionFactory _factory = null!;

    private const string Procedure = """
        {
          "definitionId": "collection-disputes", "version": 1, "name": "Relance suspendue pendant un litige",
          "start": { "activity": "review" },
          "activities": [
            { "id": "review", "type": "workflow.human-task", "inputs": { "title": "Revoir le dossier", "role": "CreditManager", "outcomes": ["Done"] } },
            { "id": "end", "type": "workflow.end", "inputs": { "outcome": "Reviewed" } }
          ],
          "connections": [ { "source": { "activity": "review", "port": "Done" }, "target": { "activity": "end" } } ],
          "eventHandlers": [ { "event": "DisputeOpened", "action": "suspendUntil", "until": "DisputeRejected" } ]
        }
        """;

    public async Task InitializeAsync()
    {
        _factory = new CollectionFactory(await TestDatabase.CreateAsync(), CollectionFactory.Settings(_folder), _clock);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _factory.Database.DisposeAsync();
    }

    [Fact]
    public async Task OpenDispute_WhenTheCustomerHasACaseWithAProcedure_SuspendsItUntilRejectedAndARedeliveryChangesNothing()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var manager = admin;
        var procedure = await (await admin.PostJsonAsync($"/api/companies/{_company}/procedures/import", new { definition = JsonDocument.Parse(Procedure).RootElement }))
            .ReadAsync<ProcedureResponse>();
        await (await admin.PostJsonAsync($"/api/companies/{_company}/procedures/{procedure.Id}/publish", new { comment = "v1" })).ReadAsync<ProcedureResponse>();
        (await admin.PutAsync($"/api/companies/{_company}/procedures/assignment/defaults/CollectionCase",
            JsonContent(new { procedureId = procedure.Id }))).EnsureSuccessStatusCode();
        var customer = await CreateFrenchCustomerAsync(admin, _company);
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 1_200m, "2030-01-02", "2030-02-01");
        await PublishOverdueAsync(_factory.Services, _company, invoice);
        var opened = await WaitForCaseAsync(admin, _company, customer.Id, d => d.Case.ProcedureInstanceId is not null);
        var instanceId = opened.Case.ProcedureInstanceId!.Value;
        await Eventually(async () => (await InstanceAsync(admin, instanceId)).Status == "Running", "the procedure waits on its task");

        var dispute = await DisputesApiOpenAsync(manager, customer.Id, invoice.Id);
        await Eventually(async () => (await InstanceAsync(admin, instanceId)).Status == "Suspended", "DisputeOpened reaches the case's procedure");
        (await manager.PostJsonAsync($"/api/companies/{_company}/disputes/{dispute.Id}/reject", new { comment = "Bon de livraison signé sans réserve." }))
            .EnsureSuccessStatusCode();
        await Eventually(async () => (await InstanceAsync(admin, instanceId)).Status == "Running", "DisputeRejected resumes it");

        await RedeliverDisputeOpenedAsync(dispute.Id);
        var after = await InstanceAsync(admin, instanceId);

        after.Status.ShouldBe("Running");
    }

    private static async Task<DisputeResponse> DisputesApiOpenAsync(HttpClient client, Guid customerId, Guid invoiceId) =>
        await Disputes.DisputesApi.OpenDisputeAsync(client, _company, customerId, (invoiceId, null));

    private async Task RedeliverDisputeOpenedAsync(Guid disputeId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var message = await scope.ServiceProvider.GetRequiredService<DisputesDbContext>().OutboxMessages.IgnoreQueryFilters()
            .SingleAsync(m => m.EventType.EndsWith(".DisputeOpened") && m.Payload.Contains(disputeId.ToString()));
        var opened = JsonSerializer.Deserialize<DisputeOpened>(message.Payload, _json)!;
        await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(new IntegrationEventEnvelope<DisputeOpened>(message.Id, opened));
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, Json.Options), System.Text.Encoding.UTF8, "application/json");

    private static async Task<ProcedureInstanceResponse> InstanceAsync(HttpClient client, Guid instanceId) =>
        await (await client.GetAsync($"/api/companies/{_company}/procedure-instances/{instanceId}")).ReadAsync<ProcedureInstanceResponse>();
}
