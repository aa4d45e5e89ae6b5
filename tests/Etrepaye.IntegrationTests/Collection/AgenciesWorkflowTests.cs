using System.Net;
using Etrepaye.Collection.Features.Agencies;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Collection.AgenciesApi;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>The agency activities run by the host's durable engine in a procedure correlated to a case and a customer.</summary>
public sealed class AgenciesWorkflowTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private const string HandOver = """
        {
          "definitionId": "test-collection-hand-over", "version": 1, "name": "Hand over to the agency",
          "variables": [ { "name": "agencyCaseId", "type": "string" } ],
          "start": { "activity": "handOver" },
          "activities": [
            { "id": "handOver", "type": "collection.hand-over-to-agency", "inputs": { "items": "AllOverdue", "note": "Handed over by the procedure." },
              "outputs": { "agencyCaseId": "agencyCaseId" } },
            { "id": "handedOver", "type": "workflow.end", "inputs": { "outcome": "HandedOver" } },
            { "id": "noAgency", "type": "workflow.end", "inputs": { "outcome": "NoAgency" } }
          ],
          "connections": [
            { "source": { "activity": "handOver", "port": "Done" }, "target": { "activity": "handedOver" } },
            { "source": { "activity": "handOver", "port": "NoAgency" }, "target": { "activity": "noAgency" } }
          ]
        }
        """;

    private const string Recall = """
        {
          "definitionId": "test-collection-recall", "version": 1, "name": "Recall from the agency",
          "start": { "activity": "recall" },
          "activities": [ { "id": "recall", "type": "collection.recall-from-agency", "inputs": { "reason": "The procedure recalls it." } } ],
          "connections": []
        }
        """;

    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private static readonly Lock _lock = new();
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task HandOverToAgencyActivity_WhenAProcedureRunsIt_HandsTheOverdueItemsToTheDefaultAgencyOrLeavesThroughNoAgency()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var overdue = await RecordAsync(manager, _company, "invoices", customer.Id, 1_800m, Day(-60), Day(-30));
        var older = await RecordAsync(manager, _company, "invoices", customer.Id, 200m, Day(-90), Day(-45));
        var notDue = await RecordAsync(manager, _company, "invoices", customer.Id, 5_000m, Day(-5), Day(25));
        var disputed = await RecordAsync(manager, _company, "invoices", customer.Id, 300m, Day(-60), Day(-30), disputed: true);

        var withoutAgency = Guid.NewGuid();
        var first = await StartAsync(HandOver, customer.Id, withoutAgency);
        var firstRow = await CompletedAsync(first);
        var agency = await CreateAgencyAsync(manager, _company, isDefault: true);
        var caseId = await OpenCaseAsync(_factory.Services, manager, _company, overdue);
        var second = await StartAsync(HandOver, customer.Id, caseId);
        var secondRow = await CompletedAsync(second);
        var handover = await (await manager.GetAsync(Handover(_company, caseId))).ReadAsync<AgencyCaseDetailResponse>();

        firstRow.Snapshot.ShouldContain("NoAgency");
        (await manager.GetAsync(Handover(_company, withoutAgency))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        secondRow.Snapshot.ShouldContain("HandedOver");
        secondRow.Snapshot.ShouldContain(handover.Case.Id.ToString());
        (handover.Case.AgencyId, handover.Case.CustomerId, handover.Case.HandedOverAmount, handover.Case.Status).ShouldBe((agency.Id, customer.Id, 2_000m, "HandedOver"));
        handover.Items.Select(i => i.InvoiceId).ShouldBe([older.Id, overdue.Id], ignoreOrder: true);
        handover.Items.ShouldNotContain(i => i.InvoiceId == notDue.Id || i.InvoiceId == disputed.Id);
        handover.History.Single().ShouldSatisfyAllConditions(
            e => e.Text.ShouldBe("Handed over by the procedure."), e => e.By.ShouldBe("system:workflow-effect:collection.agency-handover"));

        var recall = await StartAsync(Recall, customer.Id, caseId);
        await CompletedAsync(recall);
        AgencyCaseDetailResponse? recalled = null;
        await Eventually(
            async () => (recalled = await (await manager.GetAsync(Handover(_company, caseId))).ReadAsync<AgencyCaseDetailResponse>()).Case.Status == "Recalled",
            "the recall effect returns the case");
        recalled!.History.Last().Text.ShouldBe("The procedure recalls it.");
    }

    [Fact]
    public async Task ActivityDescriptors_WhenListed_IncludeTheAgencyActivitiesWithTheirInputsAndPorts()
    {
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);

        var body = await (await viewer.GetAsync("/api/activity-descriptors")).Content.ReadAsStringAsync();

        body.ShouldContain("collection.hand-over-to-agency");
        body.ShouldContain("collection.recall-from-agency");
        body.ShouldContain("NoAgency");
        body.ShouldContain("AllOverdue");
    }

    private async Task<Guid> StartAsync(string definition, Guid customerId, Guid caseId)
    {
        var parsed = WorkflowDefinitionSerializer.Parse(definition);
        var registered = _factory.Services.GetRequiredService<IWorkflowDefinitionProvider>();
        var provider = (InMemoryDefinitionProvider)(registered is Etrepaye.Procedures.Catalog.ProcedureDefinitionProvider procedures ? procedures.Fallback : registered);
        lock (_lock)
        {
            if (provider.Find(parsed.DefinitionId, parsed.Version) is null)
            {
                provider.Add(parsed);
            }
        }

        await using var scope = _factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(_company, "test");
        return await scope.ServiceProvider.GetRequiredService<WorkflowHost>().StartAsync(
            new StartInstanceRequest
            {
                DefinitionId = parsed.DefinitionId,
                CorrelationKeys = new Dictionary<string, string>
                {
                    [WorkflowCorrelation.CompanyKey] = _company.ToString(),
                    [WorkflowCorrelation.CustomerKey] = customerId.ToString(),
                    ["case"] = caseId.ToString(),
                },
            },
            CancellationToken.None);
    }

    private async Task<(string Status, string Snapshot)> CompletedAsync(Guid instanceId)
    {
        (string Status, string Snapshot) row = default;
        await Eventually(
            async () =>
            {
                await using var scope = _factory.Services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(_company, "test");
                var instance = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId);
                row = (instance.Status, instance.Snapshot);
                return instance.Status is "Completed" or "Faulted";
            },
            "the instance finishes");
        row.Status.ShouldBe("Completed", row.Snapshot);
        return row;
    }
}
