using System.Collections.Immutable;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Workflows.Simulation;

/// <summary>A dated happening of a scenario.</summary>
public abstract record ScenarioEvent(DateTimeOffset At);

/// <summary>An event published at <see cref="ScenarioEvent.At"/>; correlated with the scenario's keys unless given.</summary>
public sealed record ScenarioStimulus(
    DateTimeOffset At,
    string EventName,
    object? Payload = null,
    IReadOnlyDictionary<string, string>? CorrelationKeys = null,
    string? MessageId = null) : ScenarioEvent(At);

/// <summary>A person completes the open task created by <see cref="ActivityId"/>.</summary>
public sealed record ScenarioTaskCompletion(
    DateTimeOffset At,
    string ActivityId,
    string Outcome,
    IReadOnlyDictionary<string, object?>? Values = null,
    string? CompletedBy = null) : ScenarioEvent(At);

public sealed record SimulationScenario
{
    public required string DefinitionId { get; init; }

    public int? Version { get; init; }

    public required DateTimeOffset StartAt { get; init; }

    public IReadOnlyDictionary<string, object?> Inputs { get; init; } = ImmutableDictionary<string, object?>.Empty;

    public IReadOnlyDictionary<string, string> CorrelationKeys { get; init; } = ImmutableDictionary<string, string>.Empty;

    public string? CalendarId { get; init; }

    public string? TimeZoneId { get; init; }

    public IReadOnlyList<ScenarioEvent> Events { get; init; } = [];

    /// <summary>Stop there even if timers are still pending (the horizon of a back-test).</summary>
    public DateTimeOffset? Until { get; init; }

    public int MaxIterations { get; init; } = 10_000;
}

public enum TimelineEntryKind
{
    Instance,
    Activity,
    Event,
    Effect,
    TaskCreated,
    TaskClosed,
    Incident,
}

public sealed record TimelineEntry(DateTimeOffset At, TimelineEntryKind Kind, Guid InstanceId, string? ActivityId, string Description)
{
    public override string ToString() => $"{At:yyyy-MM-dd HH:mm} {Kind,-11} {ActivityId} {Description}";
}

public sealed record SimulationTimeline(
    Guid InstanceId,
    InstanceSnapshot FinalState,
    IReadOnlyList<TimelineEntry> Entries,
    IReadOnlyList<EffectCommand> Effects,
    IReadOnlyList<HumanTask> Tasks,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<Incident> Incidents,
    IReadOnlyList<string> Warnings)
{
    public override string ToString() => string.Join(Environment.NewLine, Entries);
}

/// <summary>
/// Runs a definition on a simulated clock over a scenario, entirely in memory: the clock jumps from
/// one due timer or scenario event to the next (timers first at the same instant). Effects are
/// recorded, never performed. The same runtime as production runs the steps.
/// </summary>
public sealed class SimulationRunner(ActivityCatalog catalog, ICalendarProvider calendars, IWorkflowDefinitionProvider definitions, WorkflowRuntimeOptions? options = null)
{
    public async Task<SimulationTimeline> RunAsync(SimulationScenario scenario, CancellationToken cancellationToken)
    {
        var clock = new SimulatedClock(scenario.StartAt);
        var store = new InMemoryWorkflowStore();
        var runtime = new WorkflowRuntime(catalog, calendars, clock, options);
        var host = new WorkflowHost(runtime, definitions, store, clock);
        var markers = new List<TimelineEntry>();
        var warnings = new List<string>();

        var instanceId = await host.StartAsync(new StartInstanceRequest
        {
            DefinitionId = scenario.DefinitionId,
            Version = scenario.Version,
            Inputs = scenario.Inputs,
            CorrelationKeys = scenario.CorrelationKeys,
            CalendarId = scenario.CalendarId,
            TimeZoneId = scenario.TimeZoneId,
            InstanceId = DeterministicIds.Create(Guid.Empty, 1, scenario.StartAt),
        }, cancellationToken);

        var events = new Queue<(ScenarioEvent Event, int Index)>(scenario.Events.Select((e, i) => (e, i)).OrderBy(p => p.e.At).ThenBy(p => p.i));
        for (var iteration = 0; iteration < scenario.MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (store.Instance(instanceId).IsFinished)
            {
                break;
            }

            var nextTimer = store.NextTimerDue;
            var nextEvent = events.Count > 0 ? events.Peek().Event.At : (DateTimeOffset?)null;
            if (nextTimer is null && nextEvent is null)
            {
                break;
            }

            var timerFirst = nextTimer is not null && (nextEvent is null || nextTimer <= nextEvent);
            var at = timerFirst ? nextTimer!.Value : nextEvent!.Value;
            if (scenario.Until is { } until && at > until)
            {
                break;
            }

            clock.MoveTo(at);
            if (timerFirst)
            {
                await host.RunDueTimersAsync(cancellationToken);
                continue;
            }

            var (next, index) = events.Dequeue();
            await ApplyAsync(next, index);
        }

        var entries = store.Commits.SelectMany(Describe).Concat(markers).OrderBy(e => e.At).ToList();
        return new SimulationTimeline(
            instanceId,
            store.Instance(instanceId),
            entries,
            [.. store.Commits.SelectMany(c => c.Changes.Effects)],
            [.. store.Commits.SelectMany(c => c.Changes.TasksCreated)],
            [.. store.Journal],
            [.. store.Incidents],
            warnings);

        async Task ApplyAsync(ScenarioEvent scenarioEvent, int index)
        {
            switch (scenarioEvent)
            {
                case ScenarioStimulus stimulus:
                    var payload = stimulus.Payload is null ? (System.Text.Json.JsonElement?)null : WorkflowValues.ToJsonElement(stimulus.Payload);
                    var published = await host.PublishAsync(
                        new Stimulus(stimulus.EventName, stimulus.CorrelationKeys ?? scenario.CorrelationKeys, stimulus.MessageId ?? $"scenario-{index}", payload, stimulus.At),
                        cancellationToken);
                    markers.Add(new TimelineEntry(clock.GetUtcNow(), TimelineEntryKind.Event, instanceId, null, $"{stimulus.EventName} published: {published.Status.ToString().ToLowerInvariant()}"));
                    break;
                case ScenarioTaskCompletion completion:
                    var task = store.OpenTasks.Where(t => t.ActivityId == completion.ActivityId).OrderBy(t => t.CreatedAt).FirstOrDefault();
                    if (task is null)
                    {
                        warnings.Add($"{completion.At:u}: no open task of activity '{completion.ActivityId}' to complete");
                        break;
                    }

                    var result = await host.CompleteTaskAsync(task.Id, completion.Outcome, completion.Values ?? new Dictionary<string, object?>(), completion.CompletedBy, cancellationToken);
                    markers.Add(new TimelineEntry(clock.GetUtcNow(), TimelineEntryKind.Event, task.InstanceId, completion.ActivityId, $"task '{task.Title}' completed with {completion.Outcome}: {result.Status.ToString().ToLowerInvariant()}"));
                    if (!result.Applied)
                    {
                        warnings.Add($"{completion.At:u}: completing '{task.Title}' was {result.Status.ToString().ToLowerInvariant()}: {string.Join("; ", result.Errors)}");
                    }

                    break;
            }
        }
    }

    private static IEnumerable<TimelineEntry> Describe(CommittedStep step)
    {
        foreach (var entry in step.Changes.Journal)
        {
            var kind = entry.Kind switch
            {
                JournalEntryKind.ActivityStarted or JournalEntryKind.ActivityResumed or JournalEntryKind.ActivitySuspended
                    or JournalEntryKind.ActivityCompleted or JournalEntryKind.ActivityFaulted or JournalEntryKind.ActivityCancelled => TimelineEntryKind.Activity,
                JournalEntryKind.EventHandled or JournalEntryKind.EventIgnored => TimelineEntryKind.Event,
                _ => TimelineEntryKind.Instance,
            };
            var port = entry.Port is null ? string.Empty : $" → {entry.Port}";
            var message = entry.Message is null ? string.Empty : $" ({entry.Message})";
            yield return new TimelineEntry(entry.At, kind, entry.InstanceId, entry.ActivityId, $"{entry.Kind}{port}{message}");
        }

        foreach (var effect in step.Changes.Effects)
        {
            yield return new TimelineEntry(effect.RequestedAt, TimelineEntryKind.Effect, effect.InstanceId, effect.ActivityId, $"{effect.EffectType} [{effect.IdempotencyKey}]");
        }

        foreach (var task in step.Changes.TasksCreated)
        {
            yield return new TimelineEntry(task.CreatedAt, TimelineEntryKind.TaskCreated, task.InstanceId, task.ActivityId, $"'{task.Title}' for {task.Role ?? task.Assignee ?? "anyone"}{(task.DueDate is { } due ? $", due {due:yyyy-MM-dd}" : string.Empty)}");
        }

        foreach (var closed in step.Changes.TasksClosed)
        {
            yield return new TimelineEntry(closed.At, TimelineEntryKind.TaskClosed, step.InstanceId, null, $"task {closed.TaskId} {closed.Resolution.ToString().ToLowerInvariant()}{(closed.Outcome is null ? string.Empty : $": {closed.Outcome}")}");
        }

        foreach (var incident in step.Changes.Incidents)
        {
            yield return new TimelineEntry(incident.At, TimelineEntryKind.Incident, incident.InstanceId, incident.ActivityId, $"{incident.Message} (attempt {incident.Attempt}, {incident.Resolution})");
        }
    }
}
