using Etrepaye.Access.Contracts;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Guarantees.Features.ReleaseGuarantee;

/// <param name="EffectiveDate">The day it stops covering (today when not given).</param>
public sealed record ReleaseGuaranteeRequest(DateOnly? EffectiveDate, string? Reason, long Version);

internal sealed record ReleaseGuaranteeCommand(Guid GuaranteeId, DateOnly? EffectiveDate, string? Reason, long Version) : ICommand<GuaranteeResponse>;

internal sealed class ReleaseGuaranteeValidator : AbstractValidator<ReleaseGuaranteeCommand>
{
    public ReleaseGuaranteeValidator() => RuleFor(c => c.Reason).MaximumLength(500);
}

internal sealed class ReleaseGuaranteeHandler(GuaranteesDbContext db, ICompanyClock companyDay, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<ReleaseGuaranteeCommand, GuaranteeResponse>
{
    public async Task<GuaranteeResponse> Handle(ReleaseGuaranteeCommand command, CancellationToken cancellationToken)
    {
        var guarantee = await GuaranteeReads.FindAsync(db, command.GuaranteeId, cancellationToken);
        if (guarantee.Status is GuaranteeStatus.Released or GuaranteeStatus.Expired)
        {
            throw new BusinessRuleException("guarantee-ended", $"The guarantee is already {guarantee.Status}.");
        }

        var effective = command.EffectiveDate ?? await companyDay.TodayAsync(requestContext.CompanyId, cancellationToken);
        if (guarantee.ActivatedOn is { } activated && effective < activated)
        {
            throw new BusinessRuleException("release-before-activation", "A guarantee cannot be released before it was activated.", "effectiveDate");
        }

        db.Entry(guarantee).Property(g => g.Version).OriginalValue = command.Version;
        guarantee.ReleasedOn = effective;
        GuaranteeReads.AddHistory(db, guarantee, GuaranteeStatus.Released, effective, requestContext.ActorName, command.Reason, timeProvider.GetUtcNow(), Ids.New(timeProvider));
        await db.SaveChangesAsync(cancellationToken);
        return GuaranteeResponse.From(guarantee, await GuaranteeReads.AmountCalledAsync(db, guarantee.Id, cancellationToken));
    }
}

internal static class ReleaseGuaranteeEndpoint
{
    public static void MapReleaseGuarantee(this RouteGroupBuilder guarantees) =>
        guarantees.MapPost("{guaranteeId:guid}/release", (Guid guaranteeId, ReleaseGuaranteeRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ReleaseGuaranteeCommand(guaranteeId, r.EffectiveDate, r.Reason, r.Version), cancellationToken))
            .WithName("ReleaseGuarantee")
            .WithSummary("Gives a guarantee back (or withdraws a request): it stops covering from the effective date.")
            .RequireCompanyRoles(GuaranteesModule.ManagerRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
