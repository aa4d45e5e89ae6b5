using System.Text.Json;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.Tasks;

public sealed record CompleteTaskRequest(string Outcome, Dictionary<string, JsonElement>? Values);

public sealed record CompleteTaskResponse(Guid TaskId, Guid InstanceId, string InstanceStatus);

// Not an ICommand: the engine commits the step in its own transaction.
internal sealed record CompleteTaskCommand(Guid TaskId, string Outcome, IReadOnlyDictionary<string, JsonElement> Values) : IRequest<CompleteTaskResponse>;

internal sealed class CompleteTaskValidator : AbstractValidator<CompleteTaskCommand>
{
    public CompleteTaskValidator() => RuleFor(c => c.Outcome).NotEmpty().MaximumLength(200);
}

internal sealed class CompleteTaskHandler(WorkflowDbContext db, WorkflowHost host, RequestContext requestContext)
    : IRequestHandler<CompleteTaskCommand, CompleteTaskResponse>
{
    public async Task<CompleteTaskResponse> Handle(CompleteTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await db.HumanTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == command.TaskId && t.Status == HumanTaskStatus.Open, cancellationToken)
            ?? throw new NotFoundException("Open task", command.TaskId);
        return await TaskCompletion.CompleteAsync(host, task, command.Outcome, command.Values, requestContext.ActorName, cancellationToken);
    }
}

internal static class TaskCompletion
{
    /// <summary>Completes one task of the company; an invalid completion is a 400 naming the fields, and the instance does not move.</summary>
    public static async Task<CompleteTaskResponse> CompleteAsync(
        WorkflowHost host, HumanTaskRow task, string outcome, IReadOnlyDictionary<string, JsonElement> values, string actor, CancellationToken cancellationToken)
    {
        if (task.ClaimedBy is { } holder && holder != actor)
        {
            throw new ConflictException($"The task is claimed by {holder}.");
        }

        StepResult result;
        try
        {
            result = await host.CompleteTaskAsync(task.Id, outcome, values.ToDictionary(p => p.Key, p => (object?)p.Value), actor, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            throw new NotFoundException("Open task", task.Id);
        }

        if (result.Status == StepStatus.Rejected && result.Errors.Any(e => e.StartsWith("the instance is suspended", StringComparison.Ordinal)))
        {
            throw new ConflictException(result.Errors[0]);
        }

        if (result.Status == StepStatus.Rejected)
        {
            var form = JsonSerializer.Deserialize<HumanTask>(task.Data, Etrepaye.Workflows.Definitions.WorkflowJson.Options)!.Form;
            throw new ValidationException(result.Errors.Select(error => new ValidationFailure(FieldOf(error, form), error)));
        }

        if (!result.Applied)
        {
            throw new ConflictException($"The task could not be completed: {string.Join("; ", result.Errors)}");
        }

        return new CompleteTaskResponse(task.Id, task.InstanceId, result.Snapshot.Status.ToString());
    }

    private static string FieldOf(string error, IReadOnlyList<FormField> form) =>
        form.FirstOrDefault(f => error.StartsWith(f.Name, StringComparison.Ordinal) || error.StartsWith($"'{f.Name}'", StringComparison.Ordinal)) is { } field
            ? $"values.{field.Name}"
            : error.Contains("is not a field", StringComparison.Ordinal) ? "values" : "outcome";
}

internal static class CompleteTaskEndpoint
{
    public static void MapCompleteTask(this RouteGroupBuilder tasks) =>
        tasks.MapPost("{taskId:guid}/complete", (Guid taskId, CompleteTaskRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new CompleteTaskCommand(taskId, request.Outcome ?? string.Empty, request.Values ?? []), cancellationToken))
            .WithName("CompleteTask")
            .WithSummary("Completes a task with an outcome and the form's values (checked against its form); the instance resumes.")
            .RequireCompanyRoles(CompanyRoles.Writers)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
