using Etrepaye.Access.Contracts;
using Etrepaye.Procedures.Features.Instances;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.Tasks;

/// <param name="Assignee">Who holds the task from now on (the e-mail they sign in with).</param>
public sealed record ReassignTaskRequest(string Assignee, string Reason);

// Not an ICommand: the task row is the engine's; the audit entry is written once it is updated.
internal sealed record ReassignTaskCommand(Guid TaskId, string Assignee, string Reason) : IRequest<TaskResponse>;

internal sealed class ReassignTaskValidator : AbstractValidator<ReassignTaskCommand>
{
    public ReassignTaskValidator()
    {
        RuleFor(c => c.Assignee).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000);
    }
}

internal sealed class ReassignTaskHandler(WorkflowDbContext db, Etrepaye.Procedures.Data.ProceduresDbContext proceduresDb, RequestContext requestContext, ICompanyClock clock)
    : IRequestHandler<ReassignTaskCommand, TaskResponse>
{
    public async Task<TaskResponse> Handle(ReassignTaskCommand command, CancellationToken cancellationToken)
    {
        var now = clock.Time.GetUtcNow();
        var row = await db.OpenTasks().AsNoTracking().FirstOrDefaultAsync(r => r.Task.Id == command.TaskId, cancellationToken)
            ?? throw new NotFoundException("Open task", command.TaskId);
        var holder = row.Task.ClaimedBy;
        var manages = requestContext.IsInRole(CompanyRole.Administrator) || requestContext.IsInRole(CompanyRole.CreditManager);
        if (!manages && holder is not null && holder != requestContext.ActorName)
        {
            throw new ConflictException($"The task is claimed by {holder}: only they or a credit manager can hand it over.");
        }

        var changed = await db.HumanTasks
            .Where(t => t.Id == command.TaskId && t.Status == HumanTaskStatus.Open && t.ClaimedBy == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, command.Assignee).SetProperty(t => t.ClaimedAt, now), cancellationToken);
        if (changed == 0)
        {
            throw new ConflictException("The task changed hands meanwhile: reload it and try again.");
        }

        await ProcedureAudit.WriteAsync(proceduresDb, requestContext, clock.Time, "ReassignTaskCommand", "HumanTask", command.TaskId, new { claimedBy = holder }, new { claimedBy = command.Assignee, reason = command.Reason }, cancellationToken);
        var updated = await db.OpenTasks().AsNoTracking().FirstAsync(r => r.Task.Id == command.TaskId, cancellationToken);
        return updated.ToResponse(await clock.TodayAsync(requestContext.CompanyId, cancellationToken));
    }
}

internal static class ReassignTaskEndpoint
{
    public static void MapReassignTask(this RouteGroupBuilder tasks) =>
        tasks.MapPost("{taskId:guid}/reassign", (Guid taskId, ReassignTaskRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ReassignTaskCommand(taskId, request.Assignee ?? string.Empty, request.Reason ?? string.Empty), cancellationToken))
            .WithName("ReassignTask")
            .WithSummary("Hands a task to someone else (reassign or delegate) with a reason, written to the audit log.")
            .RequireCompanyRoles(CompanyRole.Administrator, CompanyRole.CreditManager, CompanyRole.Operator)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
