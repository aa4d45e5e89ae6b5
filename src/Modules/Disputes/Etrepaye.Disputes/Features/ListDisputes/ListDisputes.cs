using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.ListDisputes;

internal sealed record ListDisputesQuery(Guid? CustomerId, string? Status, string? Reason, string? OwnerDepartment, Guid? InvoiceId, PageQuery Page)
    : IQuery<PagedResult<DisputeResponse>>;

internal sealed class ListDisputesValidator : AbstractValidator<ListDisputesQuery>
{
    public ListDisputesValidator() =>
        RuleFor(q => q.Status).Must(s => Enum.TryParse<DisputeStatus>(s, true, out _)).When(q => q.Status is not null)
            .WithMessage("status is Open, WaitingForCustomer, WaitingInternally, Resolved, Rejected or Cancelled.");
}

internal sealed class ListDisputesHandler(DisputesDbContext db) : IRequestHandler<ListDisputesQuery, PagedResult<DisputeResponse>>
{
    public async Task<PagedResult<DisputeResponse>> Handle(ListDisputesQuery query, CancellationToken cancellationToken)
    {
        var disputes = db.Disputes.AsNoTracking();
        if (query.CustomerId is { } customer)
        {
            disputes = disputes.Where(d => d.CustomerId == customer);
        }

        if (query.Status is not null)
        {
            var status = Enum.Parse<DisputeStatus>(query.Status, true);
            disputes = disputes.Where(d => d.Status == status);
        }

        if (query.Reason is not null)
        {
            var reason = query.Reason.Trim().ToLowerInvariant();
            disputes = disputes.Where(d => d.ReasonCode == reason);
        }

        if (query.OwnerDepartment is not null)
        {
            disputes = disputes.Where(d => d.OwnerDepartment == query.OwnerDepartment);
        }

        if (query.InvoiceId is { } invoice)
        {
            disputes = disputes.Where(d => db.Lines.Any(l => l.DisputeId == d.Id && l.InvoiceId == invoice));
        }

        var page = await disputes.OrderByDescending(d => d.Number).ToPageAsync(query.Page, cancellationToken);
        var ids = page.Items.Select(d => d.Id).ToList();
        var lines = await db.Lines.AsNoTracking().Where(l => ids.Contains(l.DisputeId)).ToListAsync(cancellationToken);
        return new PagedResult<DisputeResponse>(
            [.. page.Items.Select(d => DisputeResponse.From(d, lines.Where(l => l.DisputeId == d.Id)))], page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListDisputesEndpoint
{
    public static void MapListDisputes(this RouteGroupBuilder disputes) =>
        disputes.MapGet("", (Guid? customerId, string? status, string? reason, string? ownerDepartment, Guid? invoiceId, [AsParameters] PageQuery page, IMediator mediator,
                CancellationToken cancellationToken) => mediator.Send(new ListDisputesQuery(customerId, status, reason, ownerDepartment, invoiceId, page), cancellationToken))
            .WithName("ListDisputes")
            .WithSummary("The company's disputes, newest first, filtered by customer, status, reason, owner department or invoice.")
            .ProducesValidationProblem();
}
