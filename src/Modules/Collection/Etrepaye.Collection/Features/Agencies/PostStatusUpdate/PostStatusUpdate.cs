using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Agencies;
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

namespace Etrepaye.Collection.Features.Agencies.PostStatusUpdate;

/// <param name="NextActionDate">When the agency acts next on the case, if planned.</param>
public sealed record PostStatusUpdateRequest(string Text, DateOnly? NextActionDate);

internal sealed record PostStatusUpdateCommand(Guid AgencyId, Guid AgencyCaseId, string Text, DateOnly? NextActionDate) : ICommand<AgencyCaseDetailResponse>;

internal sealed class PostStatusUpdateValidator : AbstractValidator<PostStatusUpdateCommand>
{
    public PostStatusUpdateValidator() => RuleFor(c => c.Text).NotEmpty().MaximumLength(2000);
}

internal sealed class PostStatusUpdateHandler(
    CollectionDbContext db, IReceivablesQueries receivables, ICompanyClock day, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<PostStatusUpdateCommand, AgencyCaseDetailResponse>
{
    public async Task<AgencyCaseDetailResponse> Handle(PostStatusUpdateCommand command, CancellationToken cancellationToken)
    {
        var agencyCase = await AgencyReads.FindForAgencyAsync(db, command.AgencyCaseId, command.AgencyId, cancellationToken);
        AgencyCaseRules.EnsureAccepted(agencyCase);
        var today = await day.TodayAsync(requestContext.CompanyId, cancellationToken);
        if (command.NextActionDate < today)
        {
            throw new BusinessRuleException("next-action-in-the-past", "The next action date is in the past.", "nextActionDate");
        }

        agencyCase.LastReportOn = today;
        agencyCase.NextActionOn = command.NextActionDate;
        AgencyReads.AddEntry(db, agencyCase, AgencyCaseEntryKind.StatusUpdate, command.Text.Trim(), today, requestContext.ActorName, timeProvider, command.NextActionDate);
        await db.SaveChangesAsync(cancellationToken);
        return await AgencyReads.DetailAsync(db, receivables, agencyCase, cancellationToken);
    }
}

internal static class AgencyCaseRules
{
    public static void EnsureAccepted(AgencyCase agencyCase)
    {
        if (agencyCase.Status != AgencyCaseStatus.Accepted)
        {
            throw new ConflictException(agencyCase.Status == AgencyCaseStatus.HandedOver
                ? "Accept the case before reporting on it."
                : $"The case is {agencyCase.Status}: the agency no longer holds it.");
        }
    }
}

internal static class PostStatusUpdateEndpoint
{
    public static void MapPostStatusUpdate(this RouteGroupBuilder agency) =>
        agency.MapPost("cases/{agencyCaseId:guid}/updates", (Guid agencyCaseId, PostStatusUpdateRequest r, AgencyCaller caller, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new PostStatusUpdateCommand(caller.AgencyId, agencyCaseId, r.Text, r.NextActionDate), cancellationToken))
            .WithName("AgencyPostStatusUpdate")
            .WithSummary("The agency reports where the case stands and when it acts next (this is its periodic report).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
