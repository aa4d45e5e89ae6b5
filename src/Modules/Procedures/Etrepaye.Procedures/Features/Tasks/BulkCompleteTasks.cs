using System.Text.Json;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.Tasks;

public sealed record BulkCompleteTasksRequest(IReadOnlyList<Guid> TaskIds, string Outcome, Dictionary<string, JsonElement>? Values);

public sealed record BulkCompleteTasksResponse(IReadOnlyList<CompleteTaskResponse> Completed);

// Not an ICommand: each task's step commits in the engine's own transaction.
internal sealed record BulkCompleteTasksCommand(IReadOnlyList<Guid> TaskIds, string Outcome, IReadOnlyDictionary<string, JsonElement> Values) : IRequest<BulkCompleteTasksResponse>;

internal sealed class BulkCompleteTasksValidator : AbstractValidator<BulkCompleteTasksCommand>
{
    public BulkCompleteTasksValidator()
    {
        RuleFor(c => c.TaskIds).NotEmpty().Must(ids => ids.Count <= 200).WithMessage("taskIds holds 1 to 200 tasks.");
        RuleFor(c => c.Outcome).NotEmpty().MaximumLength(200);
    }
}

internal sealed class BulkCompleteTasksHandler(WorkflowDbContext db, WorkflowHost host, RequestContext requestContext)
    : IRequestHandler<BulkCompleteTasksCommand, BulkCompleteTasksResponse>
{
    public async Task<BulkCompleteTasksResponse> Handle(BulkCompleteTasksCommand command, CancellationToken cancellationToken)
    {
        var ids = command.TaskIds.Distinct().ToList();
        var tasks = await db.OpenTasks().AsNoTracking().Where(r => ids.Contains(r.Task.Id)).ToListAsync(cancellationToken);
        if (ids.FirstOrDefault(id => tasks.All(t => t.Task.Id != id)) is var missing && missing != Guid.Empty)
        {
            throw new NotFoundException("Open task", missing);
        }

        if (tasks.Select(t => (t.DefinitionId, t.Task.ActivityId)).Distinct().Count() > 1)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("taskIds", "Bulk completion takes tasks of one kind: the same activity of the same procedure.")]);
        }

        if (tasks.FirstOrDefault(t => t.Task.ClaimedBy is { } holder && holder != requestContext.ActorName) is { } held)
        {
            throw new ConflictException($"The task {held.Task.Id} is claimed by {held.Task.ClaimedBy}.");
        }

        // Tasks of one kind share their form: the first one's validation stands for all, so a bad form moves no instance.
        var completed = new List<CompleteTaskResponse>(tasks.Count);
        foreach (var task in tasks.OrderBy(t => ids.IndexOf(t.Task.Id)))
        {
            completed.Add(await TaskCompletion.CompleteAsync(host, task.Task, command.Outcome, command.Values, requestContext.ActorName, cancellationToken));
        }

        return new BulkCompleteTasksResponse(completed);
    }
}

internal static class BulkCompleteTasksEndpoint
{
    public static void MapBulkCompleteTasks(this RouteGroupBuilder tasks) =>
        tasks.MapPost("bulk-complete", (BulkCompleteTasksRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new BulkCompleteTasksCommand(request.TaskIds ?? [], request.Outcome ?? string.Empty, request.Values ?? []), cancellationToken))
            .WithName("BulkCompleteTasks")
            .WithSummary("Completes several tasks of the same activity with one outcome and the same form values.")
            .RequireCompanyRoles(CompanyRoles.Writers)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
