using Etrepaye.Guarantees.Cover;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.ListGuarantees;

internal sealed record ListGuaranteesQuery(Guid? CustomerId, string? Status, string? Type, PageQuery Page) : IQuery<PagedResult<GuaranteeResponse>>;

internal sealed class ListGuaranteesValidator : AbstractValidator<ListGuaranteesQuery>
{
    public ListGuaranteesValidator()
    {
        RuleFor(q => q.Status).Must(s => Enum.TryParse<GuaranteeStatus>(s, true, out _)).When(q => q.Status is not null)
            .WithMessage("status is Requested, Active, Expired, Called or Released.");
        RuleFor(q => q.Type).Must(t => Enum.TryParse<GuaranteeType>(t, true, out _)).When(q => q.Type is not null).WithMessage($"type is one of {GuaranteeTypes.Names}.");
    }
}

internal sealed class ListGuaranteesHandler(GuaranteesDbContext db) : IRequestHandler<ListGuaranteesQuery, PagedResult<GuaranteeResponse>>
{
    public async Task<PagedResult<GuaranteeResponse>> Handle(ListGuaranteesQuery query, CancellationToken cancellationToken)
    {
        var guarantees = db.Guarantees.AsNoTracking();
        if (query.CustomerId is { } customer)
        {
            guarantees = guarantees.Where(g => g.CustomerId == customer);
        }

        if (query.Status is not null)
        {
            var status = Enum.Parse<GuaranteeStatus>(query.Status, true);
            guarantees = guarantees.Where(g => g.Status == status);
        }

        if (query.Type is not null)
        {
            var type = Enum.Parse<GuaranteeType>(query.Type, true);
            guarantees = guarantees.Where(g => g.Type == type);
        }

        var page = await guarantees.OrderBy(g => g.ExpiryDate).ThenBy(g => g.Id).ToPageAsync(query.Page, cancellationToken);
        var ids = page.Items.Select(g => g.Id).ToList();
        var calls = await db.Calls.AsNoTracking().Where(c => ids.Contains(c.GuaranteeId)).Select(c => new { c.GuaranteeId, c.Amount }).ToListAsync(cancellationToken);
        return new PagedResult<GuaranteeResponse>(
            page.Items.Select(g => GuaranteeResponse.From(g, calls.Where(c => c.GuaranteeId == g.Id).Sum(c => c.Amount))).ToList(), page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListGuaranteesEndpoint
{
    public static void MapListGuarantees(this RouteGroupBuilder guarantees) =>
        guarantees.MapGet("", (Guid? customerId, string? status, string? type, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListGuaranteesQuery(customerId, status, type, page), cancellationToken))
            .WithName("ListGuarantees")
            .WithSummary("The company's guarantees, soonest expiry first, filtered by customer, status and type.")
            .ProducesValidationProblem();
}
