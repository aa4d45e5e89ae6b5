using System.Text.Json;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Runtime;
using Etrepaye.Workflows.Simulation;

namespace Etrepaye.Workflows.Tests.Support;

/// <summary>An in-memory host on a simulated clock, with the built-ins and the test activities.</summary>
internal sealed class Harness
{
    public static readonly DateTimeOffset DefaultStart = new(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);

    public Harness(params WorkflowDefinition[] definitions)
    {
        Clock = new SimulatedClock(DefaultStart);
        foreach (var definition in definitions)
        {
            Definitions.Add(definition);
        }

        Runtime = new WorkflowRuntime(Catalog, Calendars, Clock);
        Host = new WorkflowHost(Runtime, Definitions, Store, Clock);
    }

    public static ActivityCatalog Catalog { get; } = ActivityCatalog.WithBuiltIns().AddFrom(typeof(Harness).Assembly);

    public static CalendarRegistry Calendars { get; } = CalendarRegistry.WithFrance();

    public SimulatedClock Clock { get; }

    public InMemoryDefinitionProvider Definitions { get; } = new();

    public InMemoryWorkflowStore Store { get; } = new();

    public WorkflowRuntime Runtime { get; }

    public WorkflowHost Host { get; }

    public Task<Guid> StartAsync(string definitionId = "test", object? inputs = null, IReadOnlyDictionary<string, string>? keys = null) =>
        Host.StartAsync(new StartInstanceRequest
        {
            DefinitionId = definitionId,
            Inputs = inputs is null
                ? new Dictionary<string, object?>()
                : JsonSerializer.SerializeToElement(inputs, WorkflowJson.Options).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone()),
            CorrelationKeys = keys ?? Keys,
        }, CancellationToken.None);

    public static IReadOnlyDictionary<string, string> Keys { get; } = new Dictionary<string, string> { ["company"] = "c1", ["customer"] = "k1", ["invoice"] = "F-1" };

    public InstanceSnapshot Instance(Guid id) => Store.Instance(id);

    public async Task AdvanceAsync(TimeSpan delta)
    {
        Clock.Advance(delta);
        await Host.RunDueTimersAsync(CancellationToken.None);
    }

    public Task<PublishResult> PublishAsync(string eventName, object? payload = null, string? messageId = null, IReadOnlyDictionary<string, string>? keys = null) =>
        Host.PublishAsync(
            new Stimulus(eventName, keys ?? Keys, messageId ?? Guid.NewGuid().ToString(), payload is null ? null : JsonSerializer.SerializeToElement(payload, WorkflowJson.Options)),
            CancellationToken.None);

    public HumanTask OpenTask(Guid instanceId) => Store.OpenTasks.Single(t => t.InstanceId == instanceId);

    public IReadOnlyList<JournalEntry> Journal(Guid instanceId) => [.. Store.Journal.Where(j => j.InstanceId == instanceId)];

    /// <summary>The activities that completed, in order, with their port: "decide:True".</summary>
    public IReadOnlyList<string> Path(Guid instanceId) =>
        [.. Journal(instanceId).Where(j => j.Kind == JournalEntryKind.ActivityCompleted).Select(j => j.Port is null ? j.ActivityId! : $"{j.ActivityId}:{j.Port}")];
}
