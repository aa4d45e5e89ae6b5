using System.Text.Json;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Features.OrderCheck;

public sealed record OrderCheckResponse(
    Guid Id, Guid CustomerId, string? OrderReference, decimal Amount, string Currency, string Decision, IReadOnlyList<string> Reasons, decimal? Exposure,
    decimal? LimitAmount, string? LimitCurrency, DateTimeOffset CheckedAt, string CheckedBy, string? ReleasedBy, DateTimeOffset? ReleasedAt, string? ReleaseReason,
    string? CustomerReference = null, string? CustomerName = null)
{
    internal static OrderCheckResponse From(Domain.OrderCheck c) => new(
        c.Id, c.CustomerId, c.OrderReference, c.Amount, c.Currency, c.Decision.ToString(), c.Reasons.Length == 0 ? [] : c.Reasons.Split(','), c.Exposure,
        c.LimitAmount, c.LimitCurrency, c.CheckedAt, c.CheckedBy, c.ReleasedBy, c.ReleasedAt, c.ReleaseReason);
}

public sealed record ReleaseOrderRequest(string Reason);

internal sealed record ListOrderChecksQuery(Guid? CustomerId, string? Decision, PageQuery Page) : IQuery<PagedResult<OrderCheckResponse>>;

internal sealed class ListOrderChecksHandler(CreditLimitsDbContext db, IReceivablesQueries receivables) : IRequestHandler<ListOrderChecksQuery, PagedResult<OrderCheckResponse>>
{
    public async Task<PagedResult<OrderCheckResponse>> Handle(ListOrderChecksQuery query, CancellationToken cancellationToken)
    {
        var checks = db.Checks.AsNoTracking();
        if (query.CustomerId is { } customerId)
        {
            checks = checks.Where(c => c.CustomerId == customerId);
        }

        if (query.Decision is not null)
        {
            var decision = Enum.TryParse<CheckDecision>(query.Decision, out var parsed) ? parsed
                : throw new ValidationException([new ValidationFailure("decision", "The decision is Approved, Blocked or Released.")]);
            checks = checks.Where(c => c.Decision == decision);
        }

        var page = await checks.OrderByDescending(c => c.CheckedAt).ThenByDescending(c => c.Id).ToPageAsync(query.Page, cancellationToken);
        var names = await CustomerNames.ReadAsync(receivables, page.Items.Select(c => c.CustomerId), cancellationToken);
        return new PagedResult<OrderCheckResponse>(
            [.. page.Items.Select(c => names.TryGetValue(c.CustomerId, out var customer)
                ? OrderCheckResponse.From(c) with { CustomerReference = customer.Reference, CustomerName = customer.Name }
                : OrderCheckResponse.From(c))],
            page.Page, page.PageSize, page.TotalCount);
    }
}

internal sealed record ReleaseOrderCommand(Guid CheckId, string Reason) : ICommand<OrderCheckResponse>;

internal sealed class ReleaseOrderValidator : AbstractValidator<ReleaseOrderCommand>
{
    public ReleaseOrderValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(500);
}

/// <summary>Releases a blocked order: the check keeps its reasons and records who released it and why, with an audit entry.</summary>
internal sealed class ReleaseOrderHandler(CreditLimitsDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<ReleaseOrderCommand, OrderCheckResponse>
{
    public async Task<OrderCheckResponse> Handle(ReleaseOrderCommand command, CancellationToken cancellationToken)
    {
        var check = await db.Checks.SingleOrDefaultAsync(c => c.Id == command.CheckId, cancellationToken) ?? throw new NotFoundException("Order check", command.CheckId);
        if (check.Decision != CheckDecision.Blocked)
        {
            throw new ConflictException($"Only a blocked order can be released; this one is {check.Decision}.");
        }

        var now = timeProvider.GetUtcNow();
        check.Decision = CheckDecision.Released;
        check.ReleasedBy = requestContext.ActorName;
        check.ReleasedAt = now;
        check.ReleaseReason = command.Reason.Trim();
        // Checks are written at the ERP's pace, so they are not audited by type; a release is, explicitly.
        db.AuditEntries.Add(new AuditEntry
        {
            Id = Ids.New(timeProvider),
            CompanyId = check.CompanyId,
            At = now,
            ActorId = requestContext.UserId,
            ActorName = requestContext.ActorName,
            Action = nameof(ReleaseOrderCommand),
            EntityType = nameof(Domain.OrderCheck),
            EntityId = check.Id.ToString(),
            Change = "Modified",
            Before = JsonSerializer.Serialize(new { Decision = nameof(CheckDecision.Blocked), check.Reasons }),
            After = JsonSerializer.Serialize(new { Decision = nameof(CheckDecision.Released), check.ReleasedBy, check.ReleaseReason }),
            CorrelationId = requestContext.CorrelationId,
        });
        return OrderCheckResponse.From(check);
    }
}

internal static class OrderChecksEndpoints
{
    public static void MapOrderChecks(this RouteGroupBuilder credit)
    {
        credit.MapGet("checks", (Guid? customerId, string? decision, int? page, int? pageSize, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListOrderChecksQuery(customerId, decision, new PageQuery(page, pageSize)), cancellationToken))
            .WithName("ListOrderChecks")
            .WithSummary("The order-check history, newest first (filters: customerId, decision), each check with its customer's reference and name.")
            .RequireCompanyRoles(CompanyRoles.Readers);
        credit.MapPost("checks/{checkId:guid}/release", (Guid checkId, ReleaseOrderRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ReleaseOrderCommand(checkId, request.Reason ?? ""), cancellationToken))
            .WithName("ReleaseOrder")
            .WithSummary("Releases a blocked order with a reason (audited).")
            .RequireCompanyRoles(CreditLimitsModule.ManagerRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
