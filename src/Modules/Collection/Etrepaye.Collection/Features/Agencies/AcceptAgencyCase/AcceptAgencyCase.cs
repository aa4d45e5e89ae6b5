using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Collection.Features.Agencies.AcceptAgencyCase;

internal sealed record AcceptAgencyCaseCommand(Guid AgencyId, Guid AgencyCaseId) : ICommand<AgencyCaseDetailResponse>;

internal sealed class AcceptAgencyCaseHandler(
    CollectionDbContext db, IReceivablesQueries receivables, ICompanyClock day, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<AcceptAgencyCaseCommand, AgencyCaseDetailResponse>
{
    public async Task<AgencyCaseDetailResponse> Handle(AcceptAgencyCaseCommand command, CancellationToken cancellationToken)
    {
        var agencyCase = await AgencyReads.FindForAgencyAsync(db, command.AgencyCaseId, command.AgencyId, cancellationToken);
        if (agencyCase.Status == AgencyCaseStatus.HandedOver)
        {
            var today = await day.TodayAsync(requestContext.CompanyId, cancellationToken);
            agencyCase.Status = AgencyCaseStatus.Accepted;
            agencyCase.AcceptedOn = today;
            agencyCase.LastReportOn = today;
            AgencyReads.AddEntry(db, agencyCase, AgencyCaseEntryKind.Accepted, null, today, requestContext.ActorName, timeProvider);
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (agencyCase.Status != AgencyCaseStatus.Accepted)
        {
            throw new ConflictException($"The case is {agencyCase.Status}: it can no longer be accepted.");
        }

        return await AgencyReads.DetailAsync(db, receivables, agencyCase, cancellationToken);
    }
}

internal static class AcceptAgencyCaseEndpoint
{
    public static void MapAcceptAgencyCase(this RouteGroupBuilder agency) =>
        agency.MapPost("cases/{agencyCaseId:guid}/accept", (Guid agencyCaseId, AgencyCaller caller, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new AcceptAgencyCaseCommand(caller.AgencyId, agencyCaseId), cancellationToken))
            .WithName("AgencyAcceptCase")
            .WithSummary("The agency takes the case on (its first contact); accepting an accepted case changes nothing, a recalled or closed one answers 409.")
            .ProducesProblem(StatusCodes.Status409Conflict);
}
