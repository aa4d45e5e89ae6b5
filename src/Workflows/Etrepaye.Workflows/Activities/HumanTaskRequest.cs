using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Workflows.Activities;

public sealed record HumanTaskRequest
{
    public required string Title { get; init; }

    public string? Description { get; init; }

    public string? Role { get; init; }

    public string? Assignee { get; init; }

    public DateOnly? DueDate { get; init; }

    public TaskPriority Priority { get; init; } = TaskPriority.Normal;

    public required IReadOnlyList<string> Outcomes { get; init; }

    public IReadOnlyList<FormField> Form { get; init; } = [];
}
