using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Guarantees;

/// <summary>Procedures that use the guarantees activities, run by the host's durable engine.</summary>
internal static class GuaranteeWorkflows
{
    public const string Declare = """
        {
          "definitionId": "test-guarantees-declare", "version": 1, "name": "Declare to the insurer",
          "inputs": [ { "name": "dutyId", "type": "string", "required": true }, { "name": "deadline", "type": "date", "required": true } ],
          "start": { "activity": "declare" },
          "activities": [
            { "id": "declare", "type": "guarantees.declare-to-insurer", "inputs": { "dutyId": { "expression": "dutyId" }, "deadline": { "expression": "deadline" } } },
            { "id": "done", "type": "workflow.end", "inputs": { "outcome": "Declared" } }
          ],
          "connections": [ { "source": { "activity": "declare", "port": "Declared" }, "target": { "activity": "done" } } ]
        }
        """;

    public const string Call = """
        {
          "definitionId": "test-guarantees-call", "version": 1, "name": "Call the guarantee",
          "inputs": [
            { "name": "guaranteeId", "type": "string", "required": true },
            { "name": "amount", "type": "money", "required": true },
            { "name": "invoiceIds", "type": { "kind": "list", "of": "string" }, "required": true }
          ],
          "variables": [ { "name": "callId", "type": "string" } ],
          "start": { "activity": "call" },
          "activities": [
            { "id": "call", "type": "guarantees.call-guarantee",
              "inputs": { "guaranteeId": { "expression": "guaranteeId" }, "amount": { "expression": "amount" }, "invoiceIds": { "expression": "invoiceIds" } },
              "outputs": { "callId": "callId" } }
          ],
          "connections": []
        }
        """;

    public const string Remind = """
        {
          "definitionId": "test-guarantees-remind", "version": 1, "name": "Renew before expiry",
          "inputs": [ { "name": "guaranteeId", "type": "string", "required": true }, { "name": "expiryDate", "type": "date", "required": true } ],
          "start": { "activity": "remind" },
          "activities": [
            { "id": "remind", "type": "guarantees.remind-before-expiry",
              "inputs": { "guaranteeId": { "expression": "guaranteeId" }, "expiryDate": { "expression": "expiryDate" }, "daysBefore": 45 } }
          ],
          "connections": []
        }
        """;

    private static readonly Lock _lock = new();

    public static async Task<Guid> StartAsync(IServiceProvider services, Guid companyId, string definition, IReadOnlyDictionary<string, object?> inputs)
    {
        var parsed = WorkflowDefinitionSerializer.Parse(definition);
        // The Procedures module serves company procedures and falls back to the engine's own provider for other ids.
        var registered = services.GetRequiredService<IWorkflowDefinitionProvider>();
        var provider = (InMemoryDefinitionProvider)(registered is Etrepaye.Procedures.Catalog.ProcedureDefinitionProvider procedures ? procedures.Fallback : registered);
        lock (_lock)
        {
            if (provider.Find(parsed.DefinitionId, parsed.Version) is null)
            {
                provider.Add(parsed);
            }
        }

        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "test");
        return await scope.ServiceProvider.GetRequiredService<WorkflowHost>().StartAsync(
            new StartInstanceRequest
            {
                DefinitionId = parsed.DefinitionId,
                Inputs = inputs,
                CorrelationKeys = new Dictionary<string, string> { [WorkflowCorrelation.CompanyKey] = companyId.ToString() },
            },
            CancellationToken.None);
    }

    public static async Task<T> InEngineAsync<T>(IServiceProvider services, Guid companyId, Func<WorkflowHost, WorkflowDbContext, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "test");
        return await work(scope.ServiceProvider.GetRequiredService<WorkflowHost>(), scope.ServiceProvider.GetRequiredService<WorkflowDbContext>());
    }
}
