using Etrepaye.Access.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.Tasks;

// Not an ICommand: the row is the engine's, written by one conditional UPDATE outside the module's unit of work.
internal sealed record ClaimTaskCommand(Guid TaskId, bool Release) : IRequest<TaskResponse>;

internal sealed class ClaimTaskHandler(WorkflowDbContext db, RequestContext requestContext, ICompanyClock clock)
    : IRequestHandler<ClaimTaskCommand, TaskResponse>
{
    public async Task<TaskResponse> Handle(ClaimTaskCommand command, CancellationToken cancellationToken)
    {
        var me = requestContext.ActorName;
        var now = clock.Time.GetUtcNow();
        var open = db.HumanTasks.Where(t => t.Id == command.TaskId && t.Status == HumanTaskStatus.Open);
        // The condition is the lock: of two operators claiming at once, the second UPDATE finds the task claimed.
        var changed = command.Release
            ? await open.Where(t => t.ClaimedBy == me).ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, (string?)null).SetProperty(t => t.ClaimedAt, (DateTimeOffset?)null), cancellationToken)
            : await open.Where(t => t.ClaimedBy == null || t.ClaimedBy == me).ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, me).SetProperty(t => t.ClaimedAt, now), cancellationToken);
        var row = await db.OpenTasks().AsNoTracking().FirstOrDefaultAsync(r => r.Task.Id == command.TaskId, cancellationToken)
            ?? throw new NotFoundException("Open task", command.TaskId);
        if (changed == 0)
        {
            throw new ConflictException(command.Release
                ? $"The task is not claimed by you{(row.Task.ClaimedBy is null ? string.Empty : $": {row.Task.ClaimedBy} holds it")}."
                : $"The task is already claimed by {row.Task.ClaimedBy}.");
        }

        return row.ToResponse(await clock.TodayAsync(requestContext.CompanyId, cancellationToken));
    }
}

internal static class ClaimTaskEndpoint
{
    public static void MapClaimTask(this RouteGroupBuilder tasks)
    {
        tasks.MapPost("{taskId:guid}/claim", (Guid taskId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ClaimTaskCommand(taskId, Release: false), cancellationToken))
            .WithName("ClaimTask")
            .WithSummary("Claims an open task for the caller; 409 when another operator holds it.")
            .RequireCompanyRoles(CompanyRoles.Writers)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapPost("{taskId:guid}/release", (Guid taskId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ClaimTaskCommand(taskId, Release: true), cancellationToken))
            .WithName("ReleaseTask")
            .WithSummary("Gives back a task the caller holds; 409 when the caller does not hold it.")
            .RequireCompanyRoles(CompanyRoles.Writers)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
