using Etrepaye.Access.Contracts;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.ListInsurerDuties;

/// <param name="AsOf">The date overdue duties are judged on (today when not given).</param>
internal sealed record ListInsurerDutiesQuery(string? Status, string? Type, Guid? CustomerId, DateOnly? AsOf, PageQuery Page) : IQuery<PagedResult<InsurerDutyResponse>>;

internal sealed class ListInsurerDutiesValidator : AbstractValidator<ListInsurerDutiesQuery>
{
    public ListInsurerDutiesValidator()
    {
        RuleFor(q => q.Status).Must(s => Enum.TryParse<InsurerDutyStatus>(s, true, out _)).When(q => q.Status is not null).WithMessage("status is Open, Completed or Cancelled.");
        RuleFor(q => q.Type).Must(t => Enum.TryParse<InsurerDutyType>(t, true, out _)).When(q => q.Type is not null)
            .WithMessage("type is DeclareOverdue, NotifyPaymentPlan or FileClaim.");
    }
}

internal sealed class ListInsurerDutiesHandler(GuaranteesDbContext db, ICompanyClock companyDay, RequestContext requestContext)
    : IRequestHandler<ListInsurerDutiesQuery, PagedResult<InsurerDutyResponse>>
{
    public async Task<PagedResult<InsurerDutyResponse>> Handle(ListInsurerDutiesQuery query, CancellationToken cancellationToken)
    {
        var today = query.AsOf ?? await companyDay.TodayAsync(requestContext.CompanyId, cancellationToken);
        var duties = db.Duties.AsNoTracking();
        if (query.Status is not null)
        {
            var status = Enum.Parse<InsurerDutyStatus>(query.Status, true);
            duties = duties.Where(d => d.Status == status);
        }

        if (query.Type is not null)
        {
            var type = Enum.Parse<InsurerDutyType>(query.Type, true);
            duties = duties.Where(d => d.Type == type);
        }

        if (query.CustomerId is { } customer)
        {
            duties = duties.Where(d => d.CustomerId == customer);
        }

        // Overdue open duties first, then open ones by deadline, then the closed ones.
        var page = await duties
            .OrderBy(d => d.Status == InsurerDutyStatus.Open ? d.Deadline < today ? 0 : 1 : 2)
            .ThenBy(d => d.Deadline).ThenBy(d => d.Id)
            .ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<InsurerDutyResponse>(page.Items.Select(d => InsurerDutyResponse.From(d, today)).ToList(), page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListInsurerDutiesEndpoint
{
    public static void MapListInsurerDuties(this RouteGroupBuilder guarantees) =>
        guarantees.MapGet("duties",
                (string? status, string? type, Guid? customerId, DateOnly? asOf, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new ListInsurerDutiesQuery(status, type, customerId, asOf, page), cancellationToken))
            .WithName("ListInsurerDuties")
            .WithSummary("The duties owed to credit insurers, overdue first, then by deadline; filtered by status, type and customer.")
            .ProducesValidationProblem();
}
