using Etrepaye.Access.Contracts;
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

namespace Etrepaye.Guarantees.Features.ActivateGuarantee;

/// <param name="EffectiveDate">The day it was received in force (today when not given).</param>
public sealed record ActivateGuaranteeRequest(DateOnly? EffectiveDate, string? Reason, long Version);

internal sealed record ActivateGuaranteeCommand(Guid GuaranteeId, DateOnly? EffectiveDate, string? Reason, long Version) : ICommand<GuaranteeResponse>;

internal sealed class ActivateGuaranteeValidator : AbstractValidator<ActivateGuaranteeCommand>
{
    public ActivateGuaranteeValidator() => RuleFor(c => c.Reason).MaximumLength(500);
}

internal sealed class ActivateGuaranteeHandler(GuaranteesDbContext db, ICompanyClock companyDay, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<ActivateGuaranteeCommand, GuaranteeResponse>
{
    public async Task<GuaranteeResponse> Handle(ActivateGuaranteeCommand command, CancellationToken cancellationToken)
    {
        var guarantee = await GuaranteeReads.FindAsync(db, command.GuaranteeId, cancellationToken);
        if (guarantee.Status != GuaranteeStatus.Requested)
        {
            throw new BusinessRuleException("guarantee-not-requested", $"Only a requested guarantee can be activated; this one is {guarantee.Status}.");
        }

        var effective = command.EffectiveDate ?? await companyDay.TodayAsync(requestContext.CompanyId, cancellationToken);
        if (effective > guarantee.ExpiryDate)
        {
            throw new BusinessRuleException("guarantee-already-expired", "The guarantee expires before that date.", "effectiveDate");
        }

        db.Entry(guarantee).Property(g => g.Version).OriginalValue = command.Version;
        guarantee.ActivatedOn = effective;
        GuaranteeReads.AddHistory(db, guarantee, GuaranteeStatus.Active, effective, requestContext.ActorName, command.Reason, timeProvider.GetUtcNow(), Ids.New(timeProvider));
        db.Publish(new GuaranteeActivated(
            guarantee.CompanyId, guarantee.Id, guarantee.CustomerId, guarantee.Type.ToString(), new Money(guarantee.Amount, guarantee.Currency),
            guarantee.StartDate, guarantee.ExpiryDate, guarantee.ClaimDeadline));
        await db.SaveChangesAsync(cancellationToken);
        return GuaranteeResponse.From(guarantee, await GuaranteeReads.AmountCalledAsync(db, guarantee.Id, cancellationToken));
    }
}

internal static class ActivateGuaranteeEndpoint
{
    public static void MapActivateGuarantee(this RouteGroupBuilder guarantees) =>
        guarantees.MapPost("{guaranteeId:guid}/activate", (Guid guaranteeId, ActivateGuaranteeRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ActivateGuaranteeCommand(guaranteeId, r.EffectiveDate, r.Reason, r.Version), cancellationToken))
            .WithName("ActivateGuarantee")
            .WithSummary("Puts a requested guarantee in force from a date (publishes GuaranteeActivated); it covers from then within its validity dates.")
            .RequireCompanyRoles(GuaranteesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
