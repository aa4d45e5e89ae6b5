using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Etrepaye.Disputes.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using Etrepaye.Procedures.Features.Instances;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Disputes.DisputesApi;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;

namespace Etrepaye.IntegrationTests.Disputes;

/// <summary>A company's procedure for disputes: started for a new dispute, routing it to its owner and waiting for its resolution.</summary>
public sealed class DisputeProcedureTests : IAsyncLifetime
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private EtrepayeFactory _factory = null!;

    public async Task InitializeAsync() => _factory = new EtrepayeFactory(await TestDatabase.CreateAsync(), new Dictionary<string, string?>
    {
        ["Disputes:Departments:Logistics"] = "logistics@demo.test",
    });

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _factory.Database.DisposeAsync();
    }

    [Fact]
    public async Task OpenDispute_WhenAProcedureIsAssignedForDisputes_StartsItRoutesToTheOwnerAndEndsWhenTheDisputeIsResolved()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedure = await CreateFromTemplateAsync(manager, _company, "Disputes");
        var draft = Draft(procedure);
        draft["inputs"] = new JsonArray();
        draft["variables"] = new JsonArray();
        draft["eventHandlers"] = new JsonArray();
        draft["start"] = new JsonObject { ["activity"] = "route" };
        draft["activities"] = new JsonArray(
            Step("route", "disputes.route-to-owner", new JsonObject { ["message"] = "Were the goods damaged?" }, 0),
            Step("wait", "disputes.wait-for-resolution", new JsonObject { ["timeoutBusinessDays"] = 10 }, 120),
            Step("resolved", "workflow.end", new JsonObject { ["outcome"] = "Resolved" }, 240),
            Step("rejected", "workflow.end", new JsonObject { ["outcome"] = "Rejected" }, 240),
            Step("late", "workflow.end", new JsonObject { ["outcome"] = "Escalate" }, 240));
        draft["connections"] = new JsonArray(Link("route", "Done", "wait"), Link("wait", "Resolved", "resolved"), Link("wait", "Rejected", "rejected"), Link("wait", "Timeout", "late"));
        procedure = await (await SaveDraftAsync(manager, _company, procedure, draft)).ReadAsync<ProcedureResponse>();
        await PublishAsync(manager, _company, procedure.Id);
        await (await manager.PutAsJsonAsync($"{Base(_company)}/assignment/defaults/Dispute", new { procedureId = procedure.Id }, Json.Options)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        var (customer, invoices) = await CustomerWithInvoicesAsync(manager, _company, 1_200m);

        var dispute = await OpenDisputeAsync(manager, _company, customer.Id, (invoices[0].Id, null));

        DisputeDetailResponse detail = null!;
        await Eventually(async () =>
        {
            detail = await (await manager.GetAsync($"{Url(_company)}/{dispute.Id}")).ReadAsync<DisputeDetailResponse>();
            return detail.Dispute.ProcedureInstanceId is not null && detail.Requests.Count == 1;
        }, "the procedure starts and routes the dispute to Logistics");
        (detail.Requests.Single().RecipientEmail, detail.Requests.Single().CreatedBy).ShouldBe(("logistics@demo.test", "procedure"));
        var instanceUrl = $"/api/companies/{_company}/procedure-instances/{detail.Dispute.ProcedureInstanceId}";
        await Eventually(async () => (await (await manager.GetAsync(instanceUrl)).ReadAsync<ProcedureInstanceResponse>()).Steps.Any(s => s.ActivityId == "wait"), "the instance waits");
        var instance = await (await manager.GetAsync(instanceUrl)).ReadAsync<ProcedureInstanceResponse>();
        var listed = (await (await manager.GetAsync($"/api/companies/{_company}/procedure-instances?definitionId={procedure.Id}"))
            .ReadAsync<PagedResult<ProcedureInstanceSummaryResponse>>()).Items.ShouldHaveSingleItem();
        (instance.ProcedureName, instance.Customer, instance.CustomerReference, instance.CustomerName)
            .ShouldBe((procedure.Name, customer.Id.ToString(), customer.Reference, customer.Name));
        (listed.ProcedureName, listed.CustomerReference, listed.CustomerName).ShouldBe((procedure.Name, customer.Reference, customer.Name));

        await (await manager.PostJsonAsync($"{Url(_company)}/{dispute.Id}/resolve", new { outcome = "CreditNoteExpected", comment = "Damaged in transit." }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);

        await Eventually(async () => (await (await manager.GetAsync(instanceUrl)).ReadAsync<ProcedureInstanceResponse>()).Outcome == "Resolved", "DisputeResolved ends the wait");
    }

    private static JsonObject Step(string id, string type, JsonObject inputs, int y) =>
        new() { ["id"] = id, ["type"] = type, ["inputs"] = inputs, ["position"] = new JsonObject { ["x"] = 0, ["y"] = y } };

    private static JsonObject Link(string from, string port, string to) =>
        new() { ["source"] = new JsonObject { ["activity"] = from, ["port"] = port }, ["target"] = new JsonObject { ["activity"] = to } };
}
