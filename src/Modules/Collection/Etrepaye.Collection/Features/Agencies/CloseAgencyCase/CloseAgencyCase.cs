using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Collection.Features.Agencies.CloseAgencyCase;

/// <param name="Outcome">Recovered (nothing left to pursue), PartiallyRecovered (something was collected) or Unrecoverable.</param>
public sealed record CloseAgencyCaseRequest(string Outcome, string? Note);

internal sealed record CloseAgencyCaseCommand(Guid AgencyId, Guid AgencyCaseId, string Outcome, string? Note) : ICommand<AgencyCaseDetailResponse>;

internal sealed class CloseAgencyCaseValidator : AbstractValidator<CloseAgencyCaseCommand>
{
    public CloseAgencyCaseValidator()
    {
        RuleFor(c => c.Outcome).Must(o => Enum.TryParse<AgencyOutcome>(o, true, out _) && !int.TryParse(o, out _))
            .WithMessage("outcome is Recovered, PartiallyRecovered or Unrecoverable.");
        RuleFor(c => c.Note).MaximumLength(2000);
    }
}

internal sealed class CloseAgencyCaseHandler(
    CollectionDbContext db, IReceivablesQueries receivables, ICompanyClock day, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CloseAgencyCaseCommand, AgencyCaseDetailResponse>
{
    public async Task<AgencyCaseDetailResponse> Handle(CloseAgencyCaseCommand command, CancellationToken cancellationToken)
    {
        var agencyCase = await AgencyReads.FindForAgencyAsync(db, command.AgencyCaseId, command.AgencyId, cancellationToken);
        if (!agencyCase.IsHeld)
        {
            throw new ConflictException($"The case is {agencyCase.Status}: the agency no longer holds it.");
        }

        var outcome = Enum.Parse<AgencyOutcome>(command.Outcome, true);
        switch (outcome)
        {
            case AgencyOutcome.Recovered when agencyCase.Outstanding > 0m:
                throw new BusinessRuleException(
                    "outstanding-left", $"{agencyCase.Outstanding} {agencyCase.Currency} is still outstanding: close as PartiallyRecovered or report the collection.", "outcome");
            case AgencyOutcome.PartiallyRecovered when agencyCase.CollectedAmount == 0m:
                throw new BusinessRuleException("nothing-collected", "Nothing was reported collected on the case: close as Unrecoverable.", "outcome");
        }

        var today = await day.TodayAsync(requestContext.CompanyId, cancellationToken);
        agencyCase.Status = AgencyCaseStatus.Closed;
        agencyCase.Outcome = outcome;
        agencyCase.HeldCaseId = null;
        agencyCase.ReturnedOn = today;
        agencyCase.LastReportOn = today;
        AgencyReads.AddEntry(db, agencyCase, AgencyCaseEntryKind.Closed, command.Note ?? outcome.ToString(), today, requestContext.ActorName, timeProvider);
        db.Publish(new CaseReturnedFromAgency(agencyCase.CompanyId, agencyCase.CustomerId, agencyCase.CaseId, agencyCase.AgencyId, outcome.ToString(), today));
        await db.SaveChangesAsync(cancellationToken);
        return await AgencyReads.DetailAsync(db, receivables, agencyCase, cancellationToken);
    }
}

internal static class CloseAgencyCaseEndpoint
{
    public static void MapCloseAgencyCase(this RouteGroupBuilder agency) =>
        agency.MapPost("cases/{agencyCaseId:guid}/close", (Guid agencyCaseId, CloseAgencyCaseRequest r, AgencyCaller caller, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new CloseAgencyCaseCommand(caller.AgencyId, agencyCaseId, r.Outcome, r.Note), cancellationToken))
            .WithName("AgencyCloseCase")
            .WithSummary("The agency closes the case with its outcome and returns it to the company (publishes CaseReturnedFromAgency with the outcome).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
