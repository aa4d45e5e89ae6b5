using Etrepaye.Guarantees.Contracts;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
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
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.DecideInsuredLimit;

/// <param name="Status">Granted, Reduced or Cancelled.</param>
/// <param name="Amount">The limit in force from the effective date (ignored for Cancelled).</param>
/// <param name="Reference">The insurer's decision reference.</param>
public sealed record DecideInsuredLimitRequest(string Status, decimal Amount, DateOnly EffectiveDate, string? Reference, string? Note, long Version);

internal sealed record DecideInsuredLimitCommand(Guid LimitId, string Status, decimal Amount, DateOnly EffectiveDate, string? Reference, string? Note, long Version)
    : ICommand<InsuredLimitResponse>;

internal sealed class DecideInsuredLimitValidator : AbstractValidator<DecideInsuredLimitCommand>
{
    public DecideInsuredLimitValidator()
    {
        RuleFor(c => c.Status).Must(s => s is not null && Enum.TryParse<InsuredLimitStatus>(s, true, out var status) && status != InsuredLimitStatus.Requested)
            .WithMessage("status is Granted, Reduced or Cancelled.");
        RuleFor(c => c.Amount).GreaterThan(0m).WithMessage("A granted or reduced limit is positive.").LessThan(1_000_000_000_000m)
            .When(c => !string.Equals(c.Status, nameof(InsuredLimitStatus.Cancelled), StringComparison.OrdinalIgnoreCase));
        RuleFor(c => c.EffectiveDate).NotEqual(default(DateOnly)).WithMessage("The effective date is required.");
        RuleFor(c => c.Reference).MaximumLength(100);
        RuleFor(c => c.Note).MaximumLength(500);
    }
}

internal sealed class DecideInsuredLimitHandler(GuaranteesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<DecideInsuredLimitCommand, InsuredLimitResponse>
{
    public async Task<InsuredLimitResponse> Handle(DecideInsuredLimitCommand command, CancellationToken cancellationToken)
    {
        var limit = await db.InsuredLimits.SingleOrDefaultAsync(l => l.Id == command.LimitId, cancellationToken) ?? throw new NotFoundException("Insured limit", command.LimitId);
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Id == limit.PolicyId, cancellationToken);
        var status = Enum.Parse<InsuredLimitStatus>(command.Status, true);
        var amount = status == InsuredLimitStatus.Cancelled ? 0m : command.Amount;
        if (status == InsuredLimitStatus.Reduced && (limit.Status is not (InsuredLimitStatus.Granted or InsuredLimitStatus.Reduced) || amount >= limit.Amount))
        {
            throw new BusinessRuleException("limit-not-reduced", $"A reduction lowers a granted limit; the limit in force is {limit.Amount} {policy.Currency} ({limit.Status}).", "amount");
        }

        if (limit.Status == InsuredLimitStatus.Cancelled && status == InsuredLimitStatus.Cancelled)
        {
            throw new BusinessRuleException("limit-already-cancelled", "The limit is already cancelled.");
        }

        db.Entry(limit).Property(l => l.Version).OriginalValue = command.Version;
        limit.Status = status;
        limit.Amount = amount;
        limit.EffectiveDate = command.EffectiveDate;
        limit.DecisionReference = command.Reference;
        db.InsuredLimitChanges.Add(new InsuredLimitChange
        {
            Id = Ids.New(timeProvider),
            CompanyId = limit.CompanyId,
            LimitId = limit.Id,
            Status = status,
            Amount = amount,
            EffectiveDate = command.EffectiveDate,
            At = timeProvider.GetUtcNow(),
            ChangedBy = requestContext.ActorName,
            Reference = command.Reference,
            Note = command.Note,
        });
        db.Publish(new InsuredLimitChanged(
            limit.CompanyId, policy.Id, limit.Id, limit.CustomerId, status.ToString(), new Money(amount, policy.Currency), policy.CoveragePercent, command.EffectiveDate));
        await db.SaveChangesAsync(cancellationToken);
        var history = await db.InsuredLimitChanges.AsNoTracking().Where(c => c.LimitId == limit.Id).ToListAsync(cancellationToken);
        return InsuredLimitResponse.From(limit, policy.Currency, history);
    }
}

internal static class DecideInsuredLimitEndpoint
{
    public static void MapDecideInsuredLimit(this RouteGroupBuilder guarantees) =>
        guarantees.MapPost("limits/{limitId:guid}/decisions", (Guid limitId, DecideInsuredLimitRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new DecideInsuredLimitCommand(limitId, r.Status ?? "", r.Amount, r.EffectiveDate, r.Reference, r.Note, r.Version), cancellationToken))
            .WithName("DecideInsuredLimit")
            .WithSummary("Records the insurer's decision on a buyer's limit (Granted, Reduced, Cancelled) from a date; kept in the history, publishes InsuredLimitChanged.")
            .RequireCompanyRoles(GuaranteesModule.ManagerRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
