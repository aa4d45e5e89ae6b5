using Etrepaye.Access.Contracts;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.Tasks;

/// <param name="Mine">Claimed by me or assigned to me.</param>
/// <param name="MyRole">The task's role is one of my company roles.</param>
/// <param name="Sort">"priority" (default: amount at risk × days overdue, then due date) or "dueDate".</param>
internal sealed record ListTasksQuery(
    bool Mine, bool MyRole, bool Unassigned, bool Overdue, string? Customer, string? DefinitionId, string? ActivityId, string? Sort, PageQuery Page)
    : IQuery<PagedResult<TaskResponse>>;

internal sealed class ListTasksValidator : AbstractValidator<ListTasksQuery>
{
    public ListTasksValidator() => RuleFor(q => q.Sort).Must(s => s is null or "priority" or "dueDate").WithMessage("sort is 'priority' or 'dueDate'.");
}

internal sealed class ListTasksHandler(WorkflowDbContext db, RequestContext requestContext, ICompanyClock clock)
    : IRequestHandler<ListTasksQuery, PagedResult<TaskResponse>>
{
    public async Task<PagedResult<TaskResponse>> Handle(ListTasksQuery query, CancellationToken cancellationToken)
    {
        query.Page.Validate();
        var today = await clock.TodayAsync(requestContext.CompanyId, cancellationToken);
        var me = requestContext.ActorName;
        var tasks = db.OpenTasks().AsNoTracking();
        if (query.Mine)
        {
            tasks = tasks.Where(r => r.Task.ClaimedBy == me || r.Task.Assignee == me);
        }

        if (query.MyRole)
        {
            var roles = requestContext.Roles.Select(r => r.ToString()).ToList();
            tasks = tasks.Where(r => r.Task.Role != null && roles.Contains(r.Task.Role));
        }

        if (query.Unassigned)
        {
            tasks = tasks.Where(r => r.Task.ClaimedBy == null && r.Task.Assignee == null);
        }

        if (query.Overdue)
        {
            tasks = tasks.Where(r => r.Task.DueDate != null && r.Task.DueDate < today);
        }

        if (query.Customer is { Length: > 0 } customer)
        {
            tasks = tasks.Where(r => r.Customer == customer);
        }

        if (query.DefinitionId is { Length: > 0 } definitionId)
        {
            tasks = tasks.Where(r => r.DefinitionId == definitionId);
        }

        if (query.ActivityId is { Length: > 0 } activityId)
        {
            tasks = tasks.Where(r => r.Task.ActivityId == activityId);
        }

        // Ranked in the database: the score (amount at risk × days overdue) is a double there, because SQLite cannot order by decimals.
        var todayNumber = today.DayNumber;
        var scored = tasks.Select(r => new
        {
            Row = r,
            Score = r.Task.DueDate != null && r.Task.DueDate < today ? (double)(r.Task.AmountAtRisk ?? 0m) * (todayNumber - r.Task.DueDate.Value.DayNumber) : 0d,
            Due = r.Task.DueDate ?? DateOnly.MaxValue,
        });
        var ordered = query.Sort == "dueDate"
            ? scored.OrderBy(r => r.Due).ThenByDescending(r => r.Score)
            : scored.OrderByDescending(r => r.Score).ThenBy(r => r.Due);
        var total = await tasks.CountAsync(cancellationToken);
        var rows = await ordered.ThenBy(r => r.Row.Task.CreatedAt).ThenBy(r => r.Row.Task.Id)
            .Skip((query.Page.Number - 1) * query.Page.Size).Take(query.Page.Size)
            .Select(r => r.Row).ToListAsync(cancellationToken);
        var page = rows.Select(r => r.ToResponse(today)).ToList();
        return new PagedResult<TaskResponse>(page, query.Page.Number, query.Page.Size, total);
    }
}

internal static class ListTasksEndpoint
{
    public static void MapListTasks(this RouteGroupBuilder tasks) =>
        tasks.MapGet("", ([AsParameters] PageQuery page, bool? mine, bool? myRole, bool? unassigned, bool? overdue, string? customer, string? definitionId,
                    string? activityId, string? sort, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListTasksQuery(mine ?? false, myRole ?? false, unassigned ?? false, overdue ?? false, customer, definitionId, activityId, sort, page), cancellationToken))
            .WithName("ListTasks")
            .WithSummary("The company's open human tasks, filtered, by priority (amount at risk × days overdue, then due date) unless sorted by due date.")
            .RequireCompanyRoles(CompanyRoles.Readers)
            .ProducesValidationProblem();
}
