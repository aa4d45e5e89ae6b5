using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Etrepaye.Workflows.Definitions;

/// <summary>
/// A workflow definition as stored in JSON (see workflows/workflow.schema.json). A running instance
/// keeps the version it started with.
/// </summary>
public sealed record WorkflowDefinition
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public required string DefinitionId { get; init; }

    public required int Version { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Values given when an instance starts; read-only afterwards.</summary>
    public IReadOnlyList<VariableDeclaration> Inputs { get; init; } = [];

    public IReadOnlyList<VariableDeclaration> Variables { get; init; } = [];

    public required StartDefinition Start { get; init; }

    public IncidentStrategy IncidentStrategy { get; init; } = IncidentStrategy.Fault;

    public IReadOnlyList<ActivityNode> Activities { get; init; } = [];

    public IReadOnlyList<Connection> Connections { get; init; } = [];

    public IReadOnlyList<EventHandlerDefinition> EventHandlers { get; init; } = [];

    public ActivityNode? FindActivity(string id) => Activities.FirstOrDefault(a => a.Id == id);

    public override string ToString() => $"{DefinitionId} v{Version}";
}

public sealed record VariableDeclaration
{
    public required string Name { get; init; }

    public required WorkflowType Type { get; init; }

    /// <summary>For inputs: an instance cannot start without it.</summary>
    public bool Required { get; init; }

    /// <summary>A literal of the declared type.</summary>
    public JsonElement? Default { get; init; }

    public string? Description { get; init; }
}

public sealed record ActivityNode
{
    public required string Id { get; init; }

    /// <summary>The activity type name from the catalog, e.g. <c>workflow.decision</c> or <c>collection.send-reminder</c>.</summary>
    public required string Type { get; init; }

    public string? Name { get; init; }

    /// <summary>
    /// Input values: a JSON literal of the input's type, where any value (at any depth) may be an
    /// expression written as <c>{"expression": "..."}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Inputs { get; init; } = ImmutableDictionary<string, JsonElement>.Empty;

    /// <summary>Output name → variable that receives it when the activity completes.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; init; } = ImmutableDictionary<string, string>.Empty;

    public Position? Position { get; init; }

    public RetryPolicy? Retry { get; init; }
}

/// <summary>Where the designer draws the activity.</summary>
public sealed record Position(double X, double Y);

public sealed record Connection(ConnectionSource Source, ConnectionTarget Target);

public sealed record ConnectionSource(string Activity, string Port);

public sealed record ConnectionTarget(string Activity, string Port = ConnectionTarget.DefaultPort)
{
    public const string DefaultPort = "In";
}

public sealed record StartDefinition(string Activity, string? TriggerEvent = null);

public enum IncidentStrategy
{
    /// <summary>An activity that fails (after its retries) faults the instance.</summary>
    Fault,

    /// <summary>An activity that fails (after its retries) ends its branch; the rest of the instance goes on.</summary>
    Continue,
}

public enum BackoffKind
{
    Fixed,
    Exponential,
}

public sealed record RetryPolicy
{
    /// <summary>Attempts in all, the first one included.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>The delay before the second attempt (ISO 8601 in JSON, e.g. <c>PT5M</c>).</summary>
    [JsonConverter(typeof(Iso8601TimeSpanConverter))]
    public TimeSpan Delay { get; init; } = TimeSpan.FromMinutes(1);

    public BackoffKind Backoff { get; init; } = BackoffKind.Fixed;

    [JsonConverter(typeof(Iso8601NullableTimeSpanConverter))]
    public TimeSpan? MaxDelay { get; init; }

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var delay = Backoff == BackoffKind.Exponential
            ? TimeSpan.FromTicks((long)Math.Min(Delay.Ticks * Math.Pow(2, attempt - 1), TimeSpan.MaxValue.Ticks / 2))
            : Delay;
        return MaxDelay is { } max && delay > max ? max : delay;
    }
}

public enum EventHandlerAction
{
    /// <summary>End the instance (with <see cref="EventHandlerDefinition.Outcome"/>).</summary>
    End,

    /// <summary>Cancel every current wait and continue at <see cref="EventHandlerDefinition.Activity"/>.</summary>
    GoTo,

    /// <summary>Park every wait and stop the clock until <see cref="EventHandlerDefinition.Until"/> arrives.</summary>
    SuspendUntil,
}

/// <summary>A workflow-level reaction to a named event correlated with the instance.</summary>
public sealed record EventHandlerDefinition
{
    public required string Event { get; init; }

    /// <summary>A boolean expression; the handler is ignored when it is false.</summary>
    public string? Condition { get; init; }

    public required EventHandlerAction Action { get; init; }

    /// <summary>For <see cref="EventHandlerAction.GoTo"/>: the activity to continue at.</summary>
    public string? Activity { get; init; }

    /// <summary>For <see cref="EventHandlerAction.SuspendUntil"/>: the event that resumes the instance.</summary>
    public string? Until { get; init; }

    /// <summary>For <see cref="EventHandlerAction.End"/>: the instance's outcome.</summary>
    public string? Outcome { get; init; }

    /// <summary>The event payload's type: makes <c>event.field</c> usable in the condition.</summary>
    public WorkflowType? Payload { get; init; }
}
