using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.ListAgencyCases;

internal sealed record ListAgencyCasesQuery(Guid AgencyId, string? Status, PageQuery Page) : IQuery<PagedResult<AgencyCaseResponse>>;

internal sealed class ListAgencyCasesValidator : AbstractValidator<ListAgencyCasesQuery>
{
    public ListAgencyCasesValidator() =>
        RuleFor(q => q.Status).Must(s => Enum.TryParse<AgencyCaseStatus>(s, true, out _)).When(q => q.Status is not null)
            .WithMessage("status is HandedOver, Accepted, Recalled or Closed.");
}

internal sealed class ListAgencyCasesHandler(CollectionDbContext db) : IRequestHandler<ListAgencyCasesQuery, PagedResult<AgencyCaseResponse>>
{
    public async Task<PagedResult<AgencyCaseResponse>> Handle(ListAgencyCasesQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Agencies.AnyAsync(a => a.Id == query.AgencyId, cancellationToken))
        {
            throw new NotFoundException("Agency", query.AgencyId);
        }

        var cases = db.AgencyCases.AsNoTracking().Where(c => c.AgencyId == query.AgencyId);
        if (query.Status is not null)
        {
            var status = Enum.Parse<AgencyCaseStatus>(query.Status, true);
            cases = cases.Where(c => c.Status == status);
        }

        var page = await cases.OrderByDescending(c => c.HandedOverOn).ThenByDescending(c => c.Id).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<AgencyCaseResponse>(page.Items.Select(AgencyCaseResponse.From).ToList(), page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListAgencyCasesEndpoint
{
    public static void MapListAgencyCases(this RouteGroupBuilder agency) =>
        agency.MapGet("cases", (string? status, [AsParameters] PageQuery page, AgencyCaller caller, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListAgencyCasesQuery(caller.AgencyId, status, page), cancellationToken))
            .WithName("AgencyListCases")
            .WithSummary("The cases handed over to the calling agency, latest first, optionally of one status (HandedOver, Accepted, Recalled, Closed).")
            .ProducesValidationProblem();

    public static void MapListCasesOfAgency(this RouteGroupBuilder collection) =>
        collection.MapGet("agencies/{agencyId:guid}/cases", (Guid agencyId, string? status, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListAgencyCasesQuery(agencyId, status, page), cancellationToken))
            .WithName("ListCasesOfAgency")
            .WithSummary("The cases handed over to an agency, latest first, optionally of one status.")
            .ProducesValidationProblem();
}
