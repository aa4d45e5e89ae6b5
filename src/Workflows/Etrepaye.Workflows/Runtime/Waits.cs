using System.Collections.Immutable;
using System.Text.Json;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Runtime;

/// <summary>
/// An event from outside (a domain event, a child workflow's end): it resumes the bookmarks whose
/// event name matches and whose every correlation key it carries with the same value.
/// </summary>
public sealed record Stimulus(
    string EventName,
    IReadOnlyDictionary<string, string> CorrelationKeys,
    string MessageId,
    JsonElement? Payload = null,
    DateTimeOffset? OccurredAt = null)
{
    /// <summary>The event raised when a child instance ends, correlated by <c>instance</c> = the child's id.</summary>
    public const string ChildCompletedEvent = "workflow.child-completed";

    public const string InstanceKey = "instance";
}

public enum BookmarkKind
{
    /// <summary>An activity waits for the event.</summary>
    Activity,

    /// <summary>A workflow-level event handler listens for the event.</summary>
    EventHandler,

    /// <summary>A suspended instance waits for the event that resumes it.</summary>
    Resume,
}

public sealed record Bookmark
{
    public required Guid Id { get; init; }

    public required Guid InstanceId { get; init; }

    public required BookmarkKind Kind { get; init; }

    public required string EventName { get; init; }

    public IReadOnlyDictionary<string, string> CorrelationKeys { get; init; } = ImmutableDictionary<string, string>.Empty;

    public Guid? ExecutionId { get; init; }

    public string? ActivityId { get; init; }

    public int? HandlerIndex { get; init; }

    public string? Tag { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public bool Matches(Stimulus stimulus) =>
        string.Equals(EventName, stimulus.EventName, StringComparison.Ordinal)
        && CorrelationKeys.All(k => stimulus.CorrelationKeys.TryGetValue(k.Key, out var value) && string.Equals(value, k.Value, StringComparison.Ordinal));
}

public enum TimerPurpose
{
    /// <summary>An activity waits until the instant (wait until, a timeout, a task's due date).</summary>
    Activity,

    /// <summary>A failed activity runs again.</summary>
    Retry,
}

public sealed record WorkflowTimer
{
    public required Guid Id { get; init; }

    public required Guid InstanceId { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    public TimerPurpose Purpose { get; init; } = TimerPurpose.Activity;

    public Guid? ExecutionId { get; init; }

    public string? ActivityId { get; init; }

    public string? Tag { get; init; }
}

public enum TaskPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>A field of a human task's form: completing the task must give values that fit.</summary>
public sealed record FormField
{
    public required string Name { get; init; }

    public required WorkflowType Type { get; init; }

    public string? Label { get; init; }

    public bool Required { get; init; }
}

/// <summary>A task for a person (an operator's inbox), created by the human task activity.</summary>
public sealed record HumanTask
{
    public required Guid Id { get; init; }

    public required Guid InstanceId { get; init; }

    public required Guid ExecutionId { get; init; }

    public required string ActivityId { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public string? Role { get; init; }

    public string? Assignee { get; init; }

    public DateOnly? DueDate { get; init; }

    public TaskPriority Priority { get; init; } = TaskPriority.Normal;

    public IReadOnlyList<string> Outcomes { get; init; } = [];

    public IReadOnlyList<FormField> Form { get; init; } = [];

    public IReadOnlyDictionary<string, string> CorrelationKeys { get; init; } = ImmutableDictionary<string, string>.Empty;

    public DateTimeOffset CreatedAt { get; init; }
}
