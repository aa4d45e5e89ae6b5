using System.Text.Json;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Procedures.Features.Tasks;

public sealed record TaskFormFieldResponse(string Name, string? Label, JsonElement Type, bool Required);

/// <param name="PriorityScore">The inbox's order: amount at risk × days overdue (see docs/procedures.md, "Task inbox").</param>
public sealed record TaskResponse(
    Guid Id, Guid InstanceId, string DefinitionId, int DefinitionVersion, string ActivityId, string Title, string? Description,
    string? Role, string? Assignee, string? ClaimedBy, DateOnly? DueDate, string Priority, decimal? AmountAtRisk, int DaysOverdue,
    decimal PriorityScore, string? Customer, IReadOnlyList<string> Outcomes, IReadOnlyList<TaskFormFieldResponse> Form, DateTimeOffset CreatedAt);

/// <summary>An open task with what the inbox reads of its instance.</summary>
internal sealed class InboxRow
{
    public required HumanTaskRow Task { get; init; }

    public required string DefinitionId { get; init; }

    public required int DefinitionVersion { get; init; }

    public string? Customer { get; init; }

    public int DaysOverdue(DateOnly today) => Task.DueDate is { } due && due < today ? today.DayNumber - due.DayNumber : 0;

    public decimal Score(DateOnly today) => (Task.AmountAtRisk ?? 0m) * DaysOverdue(today);

    public TaskResponse ToResponse(DateOnly today)
    {
        var task = JsonSerializer.Deserialize<HumanTask>(Task.Data, WorkflowJson.Options)!;
        return new TaskResponse(
            Task.Id, Task.InstanceId, DefinitionId, DefinitionVersion, Task.ActivityId, Task.Title, task.Description, Task.Role, Task.Assignee,
            Task.ClaimedBy, Task.DueDate, Task.Priority, Task.AmountAtRisk, DaysOverdue(today), Score(today), Customer, task.Outcomes,
            [.. task.Form.Select(f => new TaskFormFieldResponse(f.Name, f.Label, JsonSerializer.SerializeToElement(f.Type, WorkflowJson.Options), f.Required))],
            Task.CreatedAt);
    }
}

internal static class InboxQueries
{
    public static IQueryable<InboxRow> OpenTasks(this WorkflowDbContext db) =>
        from task in db.HumanTasks
        join instance in db.Instances on task.InstanceId equals instance.Id
        where task.Status == HumanTaskStatus.Open
        select new InboxRow { Task = task, DefinitionId = instance.DefinitionId, DefinitionVersion = instance.DefinitionVersion, Customer = instance.Customer };
}
