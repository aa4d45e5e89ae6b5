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

internal sealed class ListTasksHandler(WorkflowDbContext db, RequestContext requestContext, ICompanyClock clock, InboxTotals totals, InboxRescores rescores)
    : IRequestHandler<ListTasksQuery, PagedResult<TaskResponse>>
{
    public async Task<PagedResult<TaskResponse>> Handle(ListTasksQuery query, CancellationToken cancellationToken)
    {
        query.Page.Validate();
        var today = await clock.TodayAsync(requestContext.CompanyId, cancellationToken);
        if (!rescores.IsCurrent(requestContext.CompanyId, today))
        {
            await db.RescoreAsync(requestContext.CompanyId, today, cancellationToken);
            rescores.MarkCurrent(requestContext.CompanyId, today);
        }

        var me = requestContext.ActorName;

        // The task table alone (its instance only for the filters that need it): the count reads an index, the page an index in order.
        var tasks = db.HumanTasks.AsNoTracking().Where(t => t.Status == HumanTaskStatus.Open);
        if (query.Mine)
        {
            tasks = tasks.Where(t => t.ClaimedBy == me || t.Assignee == me);
        }

        if (query.MyRole)
        {
            var roles = requestContext.Roles.Select(r => r.ToString()).ToList();
            tasks = tasks.Where(t => t.Role != null && roles.Contains(t.Role));
        }

        if (query.Unassigned)
        {
            tasks = tasks.Where(t => t.ClaimedBy == null && t.Assignee == null);
        }

        if (query.Overdue)
        {
            tasks = tasks.Where(t => t.DueDate != null && t.DueDate < today);
        }

        if (query.Customer is { Length: > 0 } customer)
        {
            tasks = tasks.Where(t => db.Instances.Any(i => i.Id == t.InstanceId && i.Customer == customer));
        }

        if (query.DefinitionId is { Length: > 0 } definitionId)
        {
            tasks = tasks.Where(t => db.Instances.Any(i => i.Id == t.InstanceId && i.DefinitionId == definitionId));
        }

        if (query.ActivityId is { Length: > 0 } activityId)
        {
            tasks = tasks.Where(t => t.ActivityId == activityId);
        }

        var filter = string.Join('|', query.Mine ? "mine:" + me : "", query.MyRole ? "roles:" + string.Join(',', requestContext.Roles.Order()) : "", query.Unassigned,
            query.Overdue ? today.ToString("O") : "", query.Customer, query.DefinitionId, query.ActivityId);
        var total = await totals.GetAsync(requestContext.CompanyId, filter, ct => tasks.CountAsync(ct), cancellationToken);
        // The page's instances are joined to the page (a subquery that stops after the page), in the same statement.
        var page = await Ordered(tasks, query.Sort == "dueDate").Skip((query.Page.Number - 1) * query.Page.Size).Take(query.Page.Size)
            .Join(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id,
                (t, i) => new InboxRow { Task = t, DefinitionId = i.DefinitionId, DefinitionVersion = i.DefinitionVersion, Customer = i.Customer })
            .ToListAsync(cancellationToken);
        return new PagedResult<TaskResponse>([.. page.Select(r => r.ToResponse(today))], query.Page.Number, query.Page.Size, total);
    }

    /// <summary>
    /// The inbox's order, column for column the partial indexes': the stored score (refreshed above), then the due date (tasks
    /// without one last: PostgreSQL sorts nulls last in ascending order, and so does the index), creation and id.
    /// </summary>
    private IQueryable<HumanTaskRow> Ordered(IQueryable<HumanTaskRow> tasks, bool byDueDate)
    {
        if (db.IsSqlite)
        {
            // SQLite sorts nulls first.
            return byDueDate
                ? tasks.OrderBy(t => t.DueDate == null).ThenBy(t => t.DueDate).ThenByDescending(t => t.Score).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
                : tasks.OrderByDescending(t => t.Score).ThenBy(t => t.DueDate == null).ThenBy(t => t.DueDate).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id);
        }

        return byDueDate
            ? tasks.OrderBy(t => t.DueDate).ThenByDescending(t => t.Score).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            : tasks.OrderByDescending(t => t.Score).ThenBy(t => t.DueDate).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id);
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
            .WithDescription("The page is read on every call. The total is exact below 1,000 matching tasks (Procedures:InboxTotalExactBelow); "
                + "above that it may be up to 5 seconds old (Procedures:InboxTotalCacheSeconds), so that a large inbox is not counted on every page.")
            .RequireCompanyRoles(CompanyRoles.Readers)
            .ProducesValidationProblem();
}
