using Etrepaye.Guarantees.Contracts;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.RequestInsuredLimit;

/// <param name="RequestedAmount">The limit asked of the insurer, in the policy's currency.</param>
public sealed record RequestInsuredLimitRequest(Guid CustomerId, decimal RequestedAmount, DateOnly RequestedOn, string? Note);

internal sealed record RequestInsuredLimitCommand(Guid PolicyId, Guid CustomerId, decimal RequestedAmount, DateOnly RequestedOn, string? Note)
    : ICommand<InsuredLimitResponse>;

internal sealed class RequestInsuredLimitValidator : AbstractValidator<RequestInsuredLimitCommand>
{
    public RequestInsuredLimitValidator()
    {
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.RequestedAmount).GreaterThan(0m).WithMessage("The amount must be positive.").LessThan(1_000_000_000_000m);
        RuleFor(c => c.RequestedOn).NotEqual(default(DateOnly)).WithMessage("The request date is required.");
        RuleFor(c => c.Note).MaximumLength(500);
    }
}

internal sealed class RequestInsuredLimitHandler(GuaranteesDbContext db, IReceivablesQueries receivables, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<RequestInsuredLimitCommand, InsuredLimitResponse>
{
    public async Task<InsuredLimitResponse> Handle(RequestInsuredLimitCommand command, CancellationToken cancellationToken)
    {
        var policy = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == command.PolicyId, cancellationToken)
            ?? throw new NotFoundException("Policy", command.PolicyId);
        if ((await receivables.GetCustomersAsync([command.CustomerId], cancellationToken)).Count == 0)
        {
            throw new BusinessRuleException("customer-unknown", "The customer does not exist in this company.", "customerId");
        }

        if (await db.InsuredLimits.AnyAsync(l => l.PolicyId == policy.Id && l.CustomerId == command.CustomerId, cancellationToken))
        {
            throw new ConflictException("The buyer already has a limit under this policy: record the insurer's decision on it instead.");
        }

        var limit = new InsuredLimit
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            PolicyId = policy.Id,
            CustomerId = command.CustomerId,
            Status = InsuredLimitStatus.Requested,
            RequestedAmount = command.RequestedAmount,
            EffectiveDate = command.RequestedOn,
        };
        var change = new InsuredLimitChange
        {
            Id = Ids.New(timeProvider),
            CompanyId = limit.CompanyId,
            LimitId = limit.Id,
            Status = InsuredLimitStatus.Requested,
            Amount = 0m,
            EffectiveDate = command.RequestedOn,
            At = timeProvider.GetUtcNow(),
            ChangedBy = requestContext.ActorName,
            Note = command.Note ?? $"Requested {command.RequestedAmount} {policy.Currency}.",
        };
        db.InsuredLimits.Add(limit);
        db.InsuredLimitChanges.Add(change);
        db.Publish(new InsuredLimitChanged(
            limit.CompanyId, policy.Id, limit.Id, limit.CustomerId, limit.Status.ToString(), Money.Zero(policy.Currency), policy.CoveragePercent, limit.EffectiveDate));
        return InsuredLimitResponse.From(limit, policy.Currency, [change]);
    }
}

internal static class RequestInsuredLimitEndpoint
{
    public static void MapRequestInsuredLimit(this RouteGroupBuilder guarantees) =>
        guarantees.MapPost("policies/{policyId:guid}/limits", HandleAsync)
            .WithName("RequestInsuredLimit")
            .WithSummary("Asks the insurer for a limit on a buyer under a policy (status Requested; publishes InsuredLimitChanged).")
            .RequireCompanyRoles(GuaranteesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Created<InsuredLimitResponse>> HandleAsync(
        Guid companyId, Guid policyId, RequestInsuredLimitRequest r, IMediator mediator, CancellationToken cancellationToken)
    {
        var limit = await mediator.Send(new RequestInsuredLimitCommand(policyId, r.CustomerId, r.RequestedAmount, r.RequestedOn, r.Note), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/guarantees/limits/{limit.Id}", limit);
    }
}
