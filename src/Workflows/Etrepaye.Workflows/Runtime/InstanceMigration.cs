namespace Etrepaye.Workflows.Runtime;

/// <summary>Where one waiting step of an instance lands in the new version.</summary>
/// <param name="KeepsWaits">True when the target has the same id and type: its timers, bookmarks and task are kept as they are.</param>
public sealed record MigratedStep(string FromActivity, string ToActivity, bool KeepsWaits);

/// <summary>
/// What migrating one instance does (or would do, in a dry run). <see cref="Step"/> is null when the instance
/// cannot move: it is not running, or a waiting step has no mapping (listed in <see cref="Unmapped"/>).
/// <see cref="Skipped"/>: activities of the new version before a landing step that never ran in the instance;
/// <see cref="Repeated"/>: landing steps that start afresh although they already ran in the instance.
/// </summary>
public sealed record MigrationOutcome(
    Guid InstanceId,
    int FromVersion,
    int ToVersion,
    string? Problem,
    IReadOnlyList<MigratedStep> Steps,
    IReadOnlyList<string> Unmapped,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Repeated,
    StepResult? Step)
{
    public bool CanMigrate => Step is not null;
}
