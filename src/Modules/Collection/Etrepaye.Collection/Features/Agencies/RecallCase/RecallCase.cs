using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Receivables.Contracts;
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

namespace Etrepaye.Collection.Features.Agencies.RecallCase;

public sealed record RecallCaseRequest(string? Reason);

/// <param name="IgnoreIfNotHeld">A procedure's recall of a case no agency holds does nothing (answers null) instead of 409.</param>
internal sealed record RecallCaseCommand(Guid CaseId, string? Reason, DateOnly? RecalledOn = null, bool IgnoreIfNotHeld = false) : ICommand<AgencyCaseDetailResponse?>;

internal sealed class RecallCaseValidator : AbstractValidator<RecallCaseCommand>
{
    public RecallCaseValidator() => RuleFor(c => c.Reason).MaximumLength(2000);
}

internal sealed class RecallCaseHandler(
    CollectionDbContext db, IReceivablesQueries receivables, ICompanyClock day, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<RecallCaseCommand, AgencyCaseDetailResponse?>
{
    public async Task<AgencyCaseDetailResponse?> Handle(RecallCaseCommand command, CancellationToken cancellationToken)
    {
        var agencyCase = await db.AgencyCases.SingleOrDefaultAsync(c => c.HeldCaseId == command.CaseId, cancellationToken);
        if (agencyCase is null)
        {
            if (command.IgnoreIfNotHeld)
            {
                return null;
            }

            _ = await AgencyReads.FindLatestForCaseAsync(db, command.CaseId, cancellationToken);
            throw new ConflictException($"No agency holds case {command.CaseId} any more.");
        }

        var on = command.RecalledOn ?? await day.TodayAsync(requestContext.CompanyId, cancellationToken);
        agencyCase.Status = AgencyCaseStatus.Recalled;
        agencyCase.HeldCaseId = null;
        agencyCase.ReturnedOn = on;
        AgencyReads.AddEntry(db, agencyCase, AgencyCaseEntryKind.Recalled, command.Reason, on, requestContext.ActorName, timeProvider);
        db.Publish(new CaseReturnedFromAgency(agencyCase.CompanyId, agencyCase.CustomerId, agencyCase.CaseId, agencyCase.AgencyId, "Recalled", on));
        await db.SaveChangesAsync(cancellationToken);
        return await AgencyReads.DetailAsync(db, receivables, agencyCase, cancellationToken);
    }
}

internal static class RecallCaseEndpoint
{
    public static void MapRecallCase(this RouteGroupBuilder collection) =>
        collection.MapPost("cases/{caseId:guid}/agency-handover/recall", (Guid caseId, RecallCaseRequest? r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new RecallCaseCommand(caseId, r?.Reason), cancellationToken))
            .WithName("RecallCase")
            .WithSummary("Takes the case back from its agency (publishes CaseReturnedFromAgency with reason Recalled); the company collects it again.")
            .RequireCompanyRoles(AgenciesRegistration.ManagerRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
