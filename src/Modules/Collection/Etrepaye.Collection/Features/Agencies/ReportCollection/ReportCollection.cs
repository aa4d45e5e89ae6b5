using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Features.Agencies.PostStatusUpdate;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Collection.Features.Agencies.ReportCollection;

/// <param name="Amount">What the agency collected, in the case's currency; at most what it still pursues.</param>
/// <param name="CollectedOn">The date it was collected (today when not given).</param>
/// <param name="Fee">The agency's fee on it; the commission rate of the handover applies when not given.</param>
public sealed record ReportCollectionRequest(decimal Amount, DateOnly? CollectedOn, string? Reference, decimal? Fee);

internal sealed record ReportCollectionCommand(Guid AgencyId, Guid AgencyCaseId, decimal Amount, DateOnly? CollectedOn, string? Reference, decimal? Fee)
    : ICommand<AgencyCaseDetailResponse>;

internal sealed class ReportCollectionValidator : AbstractValidator<ReportCollectionCommand>
{
    public ReportCollectionValidator()
    {
        RuleFor(c => c.Amount).GreaterThan(0m).WithMessage("The amount must be positive.");
        RuleFor(c => c.Fee).GreaterThanOrEqualTo(0m).When(c => c.Fee is not null).WithMessage("The fee must not be negative.");
        RuleFor(c => c.Fee).Must((c, fee) => fee <= c.Amount).When(c => c.Fee is not null && c.Amount > 0m).WithMessage("The fee cannot exceed the amount collected.");
        RuleFor(c => c.Reference).MaximumLength(100);
    }
}

internal sealed class ReportCollectionHandler(
    CollectionDbContext db, IReceivablesQueries receivables, ICompanyClock day, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<ReportCollectionCommand, AgencyCaseDetailResponse>
{
    public async Task<AgencyCaseDetailResponse> Handle(ReportCollectionCommand command, CancellationToken cancellationToken)
    {
        var agencyCase = await AgencyReads.FindForAgencyAsync(db, command.AgencyCaseId, command.AgencyId, cancellationToken);
        AgencyCaseRules.EnsureAccepted(agencyCase);
        var today = await day.TodayAsync(requestContext.CompanyId, cancellationToken);
        var collectedOn = command.CollectedOn ?? today;
        if (collectedOn > today || collectedOn < agencyCase.HandedOverOn)
        {
            throw new BusinessRuleException(
                "collected-out-of-period", $"The collection date must lie between the handover ({agencyCase.HandedOverOn:yyyy-MM-dd}) and today.", "collectedOn");
        }

        if (command.Amount > agencyCase.Outstanding)
        {
            throw new BusinessRuleException(
                "collection-exceeds-outstanding", $"Only {agencyCase.Outstanding} {agencyCase.Currency} is still pursued on this case.", "amount");
        }

        var fee = command.Fee ?? Math.Round(command.Amount * agencyCase.CommissionRate / 100m, 2, MidpointRounding.AwayFromZero);
        db.AgencyCollections.Add(new AgencyCollection
        {
            Id = Ids.New(timeProvider),
            CompanyId = agencyCase.CompanyId,
            AgencyCaseId = agencyCase.Id,
            Amount = command.Amount,
            Fee = fee,
            CollectedOn = collectedOn,
            Reference = command.Reference,
            RecordedAt = timeProvider.GetUtcNow(),
            RecordedBy = requestContext.ActorName,
        });
        agencyCase.CollectedAmount += command.Amount;
        agencyCase.FeesAmount += fee;
        agencyCase.LastReportOn = today;
        await db.SaveChangesAsync(cancellationToken);
        return await AgencyReads.DetailAsync(db, receivables, agencyCase, cancellationToken);
    }
}

internal static class ReportCollectionEndpoint
{
    public static void MapReportCollection(this RouteGroupBuilder agency) =>
        agency.MapPost("cases/{agencyCaseId:guid}/collections", (Guid agencyCaseId, ReportCollectionRequest r, AgencyCaller caller, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ReportCollectionCommand(caller.AgencyId, agencyCaseId, r.Amount, r.CollectedOn, r.Reference, r.Fee), cancellationToken))
            .WithName("AgencyReportCollection")
            .WithSummary("The agency reports an amount it collected and its fee (the commission rate of the handover unless given); what it still pursues goes down.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
