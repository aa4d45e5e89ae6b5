using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Cases;

internal sealed record ListCasesQuery(Guid? CustomerId, string? Status, decimal? MinOverdue, DateOnly? LeaderDueBefore, bool? HasProcedureError, PageQuery Page)
    : IQuery<PagedResult<CaseSummaryResponse>>;

internal sealed class ListCasesValidator : AbstractValidator<ListCasesQuery>
{
    public ListCasesValidator()
    {
        RuleFor(q => q.Status).Must(s => Enum.TryParse<CaseStatus>(s, true, out _)).When(q => q.Status is not null)
            .WithMessage("status is Open, WithAgency or Closed.");
        RuleFor(q => q.MinOverdue).GreaterThanOrEqualTo(0m).When(q => q.MinOverdue is not null).WithMessage("minOverdue must not be negative.");
    }
}

internal sealed class ListCasesHandler(CollectionDbContext db) : IRequestHandler<ListCasesQuery, PagedResult<CaseSummaryResponse>>
{
    public async Task<PagedResult<CaseSummaryResponse>> Handle(ListCasesQuery query, CancellationToken cancellationToken)
    {
        query.Page.Validate();
        var cases = db.Cases.AsNoTracking();
        if (query.CustomerId is { } customer)
        {
            cases = cases.Where(c => c.CustomerId == customer);
        }

        if (query.Status is not null)
        {
            var status = Enum.Parse<CaseStatus>(query.Status, true);
            cases = cases.Where(c => c.Status == status);
        }

        if (query.LeaderDueBefore is { } before)
        {
            cases = cases.Where(c => c.LeaderDueDate != null && c.LeaderDueDate < before);
        }

        if (query.HasProcedureError is { } hasError)
        {
            cases = hasError ? cases.Where(c => c.ProcedureError != null) : cases.Where(c => c.ProcedureError == null);
        }

        // Amounts are compared in memory: SQLite keeps decimals as text.
        var rows = await cases.OrderBy(c => c.LeaderDueDate == null).ThenBy(c => c.LeaderDueDate).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var kept = rows.Where(c => query.MinOverdue is not { } min || c.OverdueAmount >= min).ToList();
        return new PagedResult<CaseSummaryResponse>(
            [.. kept.Skip((query.Page.Number - 1) * query.Page.Size).Take(query.Page.Size).Select(CaseSummaryResponse.From)], query.Page.Number, query.Page.Size, kept.Count);
    }
}

internal static class ListCasesEndpoint
{
    public static void MapListCases(this RouteGroupBuilder collection) =>
        collection.MapGet("cases", (Guid? customerId, string? status, decimal? minOverdue, DateOnly? leaderDueBefore, bool? hasProcedureError,
                [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListCasesQuery(customerId, status, minOverdue, leaderDueBefore, hasProcedureError, page), cancellationToken))
            .WithName("ListCollectionCases")
            .WithSummary("The company's collection cases, oldest leader item first, filtered by customer, status, overdue amount, leader due date and procedure error.")
            .ProducesValidationProblem();
}
