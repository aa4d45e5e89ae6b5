using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Exposure;
using Etrepaye.CreditLimits.Limits;
using Etrepaye.CreditLimits.Requests;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Shared.Validation;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Features.Requests;

/// <param name="Amount">The limit asked for (0 = no credit).</param>
/// <param name="ValidUntil">The last day the limit is valid, if it expires.</param>
/// <param name="ReviewDate">When it must be reviewed.</param>
public sealed record CreateCreditRequestRequest(Guid CustomerId, decimal Amount, string Currency, DateOnly? ValidUntil, DateOnly? ReviewDate, string Reason);

/// <param name="Decision">Approve or Reject.</param>
/// <param name="Amount">Approve: the limit granted, if not the amount asked (a lower one, or a new one for a review).</param>
/// <param name="ReviewDate">Approve: the next review date, if not the one asked.</param>
/// <param name="ValidUntil">Approve: the validity, if not the one asked.</param>
public sealed record DecideCreditRequestRequest(string Decision, decimal? Amount, DateOnly? ReviewDate, DateOnly? ValidUntil, string? Comment, long Version);

internal sealed record CreateCreditRequestCommand(
    Guid CustomerId, decimal Amount, string Currency, DateOnly? ValidUntil, DateOnly? ReviewDate, string Reason, CreditRequestKind Kind = CreditRequestKind.LimitChange,
    CreditRequestTrigger Trigger = CreditRequestTrigger.Sales, Guid? Id = null) : ICommand<CreditRequestResponse>;

internal sealed class CreateCreditRequestValidator : AbstractValidator<CreateCreditRequestCommand>
{
    public CreateCreditRequestValidator()
    {
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.Amount).GreaterThanOrEqualTo(0m);
        RuleFor(c => c.Currency).IsCurrencyCode();
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000);
        RuleFor(c => c.ReviewDate).LessThanOrEqualTo(c => c.ValidUntil).When(c => c.ReviewDate is not null && c.ValidUntil is not null)
            .WithMessage("The review comes on or before the end of validity.");
    }
}

internal sealed class CreateCreditRequestHandler(CreditLimitsDbContext db, CreditRequests requests) : IRequestHandler<CreateCreditRequestCommand, CreditRequestResponse>
{
    public async Task<CreditRequestResponse> Handle(CreateCreditRequestCommand command, CancellationToken cancellationToken)
    {
        // A procedure's effect may be performed again: the request's id comes from its idempotency key.
        if (command.Id is { } id && await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is { } existing)
        {
            return CreditRequests.ToResponse(existing);
        }

        return CreditRequests.ToResponse(await requests.OpenAsync(
            command.CustomerId, command.Kind, command.Trigger, command.Amount, command.Currency, command.ValidUntil, command.ReviewDate, command.Reason.Trim(),
            cancellationToken, command.Id));
    }
}

internal sealed record OpenReviewCommand(Guid CustomerId, string Reason, Guid Id) : ICommand<CreditRequestResponse?>;

/// <summary>A review asked for by a procedure: none when the customer has no limit or a review is already pending.</summary>
internal sealed class OpenReviewHandler(CreditLimitsDbContext db, CreditRequests requests) : IRequestHandler<OpenReviewCommand, CreditRequestResponse?>
{
    public async Task<CreditRequestResponse?> Handle(OpenReviewCommand command, CancellationToken cancellationToken)
    {
        if (await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == command.Id, cancellationToken) is { } existing)
        {
            return CreditRequests.ToResponse(existing);
        }

        var opened = await requests.OpenReviewAsync(command.CustomerId, CreditRequestTrigger.Procedure, command.Reason, cancellationToken, command.Id);
        return opened is null ? null : CreditRequests.ToResponse(opened);
    }
}

internal sealed record GetCreditRequestQuery(Guid RequestId) : IQuery<CreditRequestResponse>;

internal sealed class GetCreditRequestHandler(CreditLimitsDbContext db) : IRequestHandler<GetCreditRequestQuery, CreditRequestResponse>
{
    public async Task<CreditRequestResponse> Handle(GetCreditRequestQuery query, CancellationToken cancellationToken) =>
        CreditRequests.ToResponse(await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == query.RequestId, cancellationToken)
            ?? throw new NotFoundException("Credit request", query.RequestId));
}

internal sealed record ListCreditRequestsQuery(Guid? CustomerId, string? Status, PageQuery Page) : IQuery<PagedResult<CreditRequestResponse>>;

internal sealed class ListCreditRequestsHandler(CreditLimitsDbContext db, IReceivablesQueries receivables) : IRequestHandler<ListCreditRequestsQuery, PagedResult<CreditRequestResponse>>
{
    public async Task<PagedResult<CreditRequestResponse>> Handle(ListCreditRequestsQuery query, CancellationToken cancellationToken)
    {
        var requests = db.Requests.AsNoTracking();
        if (query.CustomerId is { } customerId)
        {
            requests = requests.Where(r => r.CustomerId == customerId);
        }

        if (query.Status is not null)
        {
            var status = Enum.TryParse<CreditRequestStatus>(query.Status, out var parsed) ? parsed
                : throw new ValidationException([new ValidationFailure("status", "The status is Pending, Approved or Rejected.")]);
            requests = requests.Where(r => r.Status == status);
        }

        var page = await requests.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id).ToPageAsync(query.Page, cancellationToken);
        var names = await CustomerNames.ReadAsync(receivables, page.Items.Select(r => r.CustomerId), cancellationToken);
        return new PagedResult<CreditRequestResponse>(
            [.. page.Items.Select(CreditRequests.ToResponse)
                .Select(r => names.TryGetValue(r.CustomerId, out var c) ? r with { CustomerReference = c.Reference, CustomerName = c.Name } : r)],
            page.Page, page.PageSize, page.TotalCount);
    }
}

internal sealed record DecideCreditRequestCommand(
    Guid RequestId, string Decision, decimal? Amount, DateOnly? ReviewDate, DateOnly? ValidUntil, string? Comment, long Version) : ICommand<CreditRequestResponse>;

internal sealed class DecideCreditRequestValidator : AbstractValidator<DecideCreditRequestCommand>
{
    public DecideCreditRequestValidator()
    {
        RuleFor(c => c.Decision).Must(d => d is "Approve" or "Reject").WithMessage("The decision is Approve or Reject.");
        RuleFor(c => c.Amount).GreaterThanOrEqualTo(0m).When(c => c.Amount is not null);
        RuleFor(c => c.Comment).MaximumLength(1000);
        RuleFor(c => c.Comment).NotEmpty().When(c => c.Decision == "Reject").WithMessage("Say why the request is rejected.");
    }
}

/// <summary>
/// Decides a request. The caller's authority is the highest level of the matrix among their roles: approving needs a level
/// whose ceiling covers the amount granted, rejecting a level at or above the one the request requires. Anything else is
/// refused with 403 and the request does not move; the member who asked for it may not decide it (422 own-request).
/// </summary>
internal sealed class DecideCreditRequestHandler(
    CreditLimitsDbContext db, CreditPolicy policy, CreditRequests requests, LimitWriter limits, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<DecideCreditRequestCommand, CreditRequestResponse>
{
    public async Task<CreditRequestResponse> Handle(DecideCreditRequestCommand command, CancellationToken cancellationToken)
    {
        var request = await db.Requests.SingleOrDefaultAsync(r => r.Id == command.RequestId, cancellationToken)
            ?? throw new NotFoundException("Credit request", command.RequestId);
        db.Entry(request).Property(r => r.Version).OriginalValue = command.Version;
        if (request.Status != CreditRequestStatus.Pending)
        {
            throw new ConflictException($"The request was already decided ({request.Status}).");
        }

        // Four eyes: whoever asked for a limit cannot also grant or refuse it, whatever their authority.
        if (string.Equals(request.RequestedBy, requestContext.ActorName, StringComparison.OrdinalIgnoreCase))
        {
            throw new BusinessRuleException(
                "own-request", "You asked for this credit limit: another member within the authority matrix must decide it (four-eyes rule).");
        }

        var approve = command.Decision == "Approve";
        var amount = approve ? command.Amount ?? request.Amount : request.Amount;
        var matrix = await policy.MatrixAsync(cancellationToken);
        var caller = CreditPolicy.CallerLevel(matrix, requestContext.Roles);
        var inAuthority = await requests.InAuthorityCurrencyAsync(amount, request.Currency, cancellationToken);
        var required = CreditPolicy.RequiredLevel(matrix, inAuthority);
        if (caller is null || (caller.MaxAmount is { } ceiling && inAuthority > ceiling))
        {
            throw new ForbiddenException(
                $"Deciding {amount} {request.Currency} is outside your authority: it needs the role {required.Role} ({required.Label})" +
                (caller is null ? "; your roles have no level in the authority matrix." : $"; your level {caller.Label} goes up to {caller.MaxAmount}."));
        }

        request.Status = approve ? CreditRequestStatus.Approved : CreditRequestStatus.Rejected;
        request.DecidedBy = requestContext.ActorName;
        request.DecidedAt = timeProvider.GetUtcNow();
        request.DecidedAmount = approve ? amount : null;
        request.DecisionComment = command.Comment?.Trim();
        if (approve)
        {
            await limits.ApplyAsync(
                request.CustomerId, amount, request.Currency, command.ValidUntil ?? request.ValidUntil, command.ReviewDate ?? request.ReviewDate,
                string.IsNullOrWhiteSpace(command.Comment) ? request.Reason : $"{request.Reason} — {command.Comment.Trim()}", request.RequestedBy,
                requestContext.ActorName, caller.Role.ToString(), request.Id, cancellationToken);
        }

        return CreditRequests.ToResponse(request);
    }
}

internal static class CreditRequestEndpoints
{
    public static void MapCreditRequests(this RouteGroupBuilder credit)
    {
        credit.MapPost("requests", async Task<Created<CreditRequestResponse>> (
                Guid companyId, CreateCreditRequestRequest request, IMediator mediator, RequestProcedures procedures, CancellationToken cancellationToken) =>
            {
                var created = await mediator.Send(
                    new CreateCreditRequestCommand(request.CustomerId, request.Amount, request.Currency ?? "", request.ValidUntil, request.ReviewDate, request.Reason ?? ""),
                    cancellationToken);
                await procedures.StartAsync(created.Id, cancellationToken);
                var started = await mediator.Send(new GetCreditRequestQuery(created.Id), cancellationToken);
                return TypedResults.Created($"/api/companies/{companyId}/credit/requests/{created.Id}", started);
            })
            .WithName("CreateCreditRequest")
            .WithSummary("Asks for a credit limit with a reason: the authority matrix names the role that must decide, and the company's CreditLimitRequest procedure starts.")
            .RequireCompanyRoles(CreditLimitsModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        credit.MapGet("requests", (Guid? customerId, string? status, int? page, int? pageSize, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListCreditRequestsQuery(customerId, status, new PageQuery(page, pageSize)), cancellationToken))
            .WithName("ListCreditRequests")
            .WithSummary("Credit requests, newest first (filters: customerId, status).")
            .RequireCompanyRoles(CompanyRoles.Readers);
        credit.MapGet("requests/{requestId:guid}", (Guid requestId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetCreditRequestQuery(requestId), cancellationToken))
            .WithName("GetCreditRequest")
            .WithSummary("One credit request with its required role, decision and procedure instance.")
            .RequireCompanyRoles(CompanyRoles.Readers);
        credit.MapPost("requests/{requestId:guid}/decision", async (
                Guid requestId, DecideCreditRequestRequest request, IMediator mediator, RequestProcedures procedures, CancellationToken cancellationToken) =>
            {
                var decided = await mediator.Send(
                    new DecideCreditRequestCommand(requestId, request.Decision ?? "", request.Amount, request.ReviewDate, request.ValidUntil, request.Comment, request.Version),
                    cancellationToken);
                await procedures.PublishDecisionAsync(requestId, cancellationToken);
                return decided;
            })
            .WithName("DecideCreditRequest")
            .WithSummary("Approves (sets the limit) or rejects a request, within the caller's authority (403 outside it); the procedure is told.")
            .RequireCompanyRoles(CompanyRole.Administrator, CompanyRole.CreditManager, CompanyRole.Operator)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
