using System.Text.Json;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Procedures;

/// <summary>The real host with two versions of a case procedure loaded by the engine from a definitions folder; timers do not fire.</summary>
public class ProcedureRuntimeFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "etrepaye-tests", "procedure-runtime", Guid.NewGuid().ToString("N"));

    public EtrepayeFactory Factory { get; private set; } = null!;

    /// <summary>The host's clock: the real one until a test moves it on.</summary>
    public ShiftedClock Clock { get; } = new();

    /// <summary>Settings a derived fixture adds to the host's.</summary>
    protected virtual IReadOnlyDictionary<string, string?> MoreSettings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, "inbox-case-v1.json"), CaseV1);
        await File.WriteAllTextAsync(Path.Combine(_directory, "inbox-case-v2.json"), CaseV2);
        var settings = new Dictionary<string, string?>(MoreSettings)
        {
            ["Workflows:DefinitionsDirectory"] = _directory,
            ["Workflows:WorkersEnabled"] = "false",
        };
        Factory = new ClockedFactory(await TestDatabase.CreateAsync(), Clock, settings);
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Starts a case for a customer of the company, as the Collection module would.</summary>
    public async Task<Guid> StartCaseAsync(Guid companyId, string customer, string amountAtRisk, DateOnly dueDate, int version = 1)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "test");
        var host = scope.ServiceProvider.GetRequiredService<WorkflowHost>();
        return await host.StartAsync(new StartInstanceRequest
        {
            DefinitionId = "inbox-case",
            Version = version,
            Inputs = new Dictionary<string, object?>
            {
                ["amountAtRisk"] = JsonSerializer.SerializeToElement(amountAtRisk),
                ["dueDate"] = JsonSerializer.SerializeToElement(dueDate.ToString("yyyy-MM-dd")),
            },
            CorrelationKeys = new Dictionary<string, string> { [WorkflowCorrelation.CompanyKey] = companyId.ToString(), [WorkflowCorrelation.CustomerKey] = customer },
        }, CancellationToken.None);
    }

    /// <summary>The demo companies' today (Europe/Paris), the host's today for their tasks: a UTC date is a day behind after 23:00 UTC.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);

    /// <summary>Checks the amount against a threshold (a currency mismatch faults it), then a call task with a form, then waits for the payment.</summary>
    private const string CaseV1 = """
        {
          "definitionId": "inbox-case", "version": 1, "name": "Inbox case",
          "inputs": [ { "name": "amountAtRisk", "type": "money", "required": true }, { "name": "dueDate", "type": "date", "required": true } ],
          "variables": [ { "name": "threshold", "type": "money", "default": "0 EUR" }, { "name": "note", "type": "string" } ],
          "start": { "activity": "check" },
          "activities": [
            { "id": "check", "type": "workflow.decision", "inputs": { "condition": { "expression": "amountAtRisk >= threshold" } } },
            { "id": "call", "type": "workflow.human-task", "inputs": { "title": "Call the customer", "role": "Operator", "dueDate": { "expression": "dueDate" },
                "outcomes": ["Promised", "NoAnswer"], "form": [ { "name": "promisedOn", "type": "date", "required": true }, { "name": "comment", "type": "string" } ] } },
            { "id": "waitPayment", "type": "workflow.wait-for-event", "inputs": { "event": "PaymentReceived" } },
            { "id": "review", "type": "workflow.human-task", "inputs": { "title": "Review the case", "role": "CreditManager", "outcomes": ["Done"] } },
            { "id": "paid", "type": "workflow.end", "inputs": { "outcome": "Paid" } },
            { "id": "noAnswer", "type": "workflow.end", "inputs": { "outcome": "NoAnswer" } }
          ],
          "connections": [
            { "source": { "activity": "check", "port": "True" }, "target": { "activity": "call" } },
            { "source": { "activity": "check", "port": "False" }, "target": { "activity": "review" } },
            { "source": { "activity": "call", "port": "Promised" }, "target": { "activity": "waitPayment" } },
            { "source": { "activity": "call", "port": "NoAnswer" }, "target": { "activity": "noAnswer" } },
            { "source": { "activity": "waitPayment", "port": "Received" }, "target": { "activity": "paid" } },
            { "source": { "activity": "review", "port": "Done" }, "target": { "activity": "paid" } }
          ]
        }
        """;

    /// <summary>Version 2: a reminder task before the call, which is now the activity "phone".</summary>
    private const string CaseV2 = """
        {
          "definitionId": "inbox-case", "version": 2, "name": "Inbox case",
          "inputs": [ { "name": "amountAtRisk", "type": "money", "required": true }, { "name": "dueDate", "type": "date", "required": true } ],
          "variables": [ { "name": "threshold", "type": "money", "default": "0 EUR" } ],
          "start": { "activity": "check" },
          "activities": [
            { "id": "check", "type": "workflow.decision", "inputs": { "condition": { "expression": "amountAtRisk >= threshold" } } },
            { "id": "remind", "type": "workflow.human-task", "inputs": { "title": "Send a reminder", "role": "Operator", "outcomes": ["Done"] } },
            { "id": "phone", "type": "workflow.human-task", "inputs": { "title": "Phone the customer", "role": "Operator", "dueDate": { "expression": "dueDate" },
                "outcomes": ["Promised", "NoAnswer"], "form": [ { "name": "promisedOn", "type": "date", "required": true } ] } },
            { "id": "waitPayment", "type": "workflow.wait-for-event", "inputs": { "event": "PaymentReceived" } },
            { "id": "review", "type": "workflow.human-task", "inputs": { "title": "Review the case", "role": "CreditManager", "outcomes": ["Done"] } },
            { "id": "paid", "type": "workflow.end", "inputs": { "outcome": "Paid" } },
            { "id": "noAnswer", "type": "workflow.end", "inputs": { "outcome": "NoAnswer" } }
          ],
          "connections": [
            { "source": { "activity": "check", "port": "True" }, "target": { "activity": "remind" } },
            { "source": { "activity": "check", "port": "False" }, "target": { "activity": "review" } },
            { "source": { "activity": "remind", "port": "Done" }, "target": { "activity": "phone" } },
            { "source": { "activity": "phone", "port": "Promised" }, "target": { "activity": "waitPayment" } },
            { "source": { "activity": "phone", "port": "NoAnswer" }, "target": { "activity": "noAnswer" } },
            { "source": { "activity": "waitPayment", "port": "Received" }, "target": { "activity": "paid" } },
            { "source": { "activity": "review", "port": "Done" }, "target": { "activity": "paid" } }
          ]
        }
        """;
}

/// <summary>The real clock, moved on by hand: a test sees the next day without waiting for it.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _shiftTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _shiftTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _shiftTicks, by.Ticks);
}

internal sealed class ClockedFactory(TestDatabase database, TimeProvider clock, IReadOnlyDictionary<string, string?> settings) : EtrepayeFactory(database, settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton(clock));
    }
}
