using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Workflows.Activities;

/// <summary>
/// An activity type. It runs one thing and returns a port. It performs no I/O and no side effect: it
/// asks the engine for effects, bookmarks, timers, tasks or child workflows through the context, and
/// the engine commits them with the step. Implementations are stateless singletons.
/// </summary>
public interface IActivity
{
    ActivityDescriptor Descriptor { get; }

    ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken);
}

/// <summary>An activity that suspends and is resumed by a stimulus, a timer or a task completion.</summary>
public interface IResumableActivity : IActivity
{
    ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeTrigger trigger, CancellationToken cancellationToken);
}

public abstract record ResumeTrigger;

public sealed record StimulusTrigger(Stimulus Stimulus, Bookmark Bookmark) : ResumeTrigger;

public sealed record TimerTrigger(WorkflowTimer Timer) : ResumeTrigger;

public sealed record TaskCompletedTrigger(HumanTask Task, string Outcome, IReadOnlyDictionary<string, object?> Values, string? CompletedBy) : ResumeTrigger;

internal enum ActivityResultKind
{
    Complete,
    Suspend,
    EndBranch,
    EndWorkflow,
}

public sealed class ActivityResult
{
    private static readonly IReadOnlyDictionary<string, object?> _noOutputs = new Dictionary<string, object?>();

    private ActivityResult(ActivityResultKind kind, IReadOnlyList<string> ports, IReadOnlyDictionary<string, object?>? outputs, string? outcome = null)
    {
        Kind = kind;
        Ports = ports;
        Outputs = outputs ?? _noOutputs;
        Outcome = outcome;
    }

    public IReadOnlyList<string> Ports { get; }

    public IReadOnlyDictionary<string, object?> Outputs { get; }

    internal ActivityResultKind Kind { get; }

    internal string? Outcome { get; }

    public static ActivityResult Done(IReadOnlyDictionary<string, object?>? outputs = null) => Port(ActivityDescriptor.DonePort, outputs);

    public static ActivityResult Port(string port, IReadOnlyDictionary<string, object?>? outputs = null) => new(ActivityResultKind.Complete, [port], outputs);

    /// <summary>Completes through several ports at once (a fork): every connected branch starts.</summary>
    public static ActivityResult AllPorts(IEnumerable<string> ports) => new(ActivityResultKind.Complete, [.. ports], null);

    /// <summary>Waits for what the activity created through the context (a bookmark, a timer, a task, a child).</summary>
    public static ActivityResult Suspend() => new(ActivityResultKind.Suspend, [], null);

    /// <summary>Completes without following any port: this branch stops here.</summary>
    public static ActivityResult EndBranch(string? note = null) => new(ActivityResultKind.EndBranch, [], null, note);

    internal static ActivityResult EndWorkflow(string? outcome) => new(ActivityResultKind.EndWorkflow, [], null, outcome);
}
