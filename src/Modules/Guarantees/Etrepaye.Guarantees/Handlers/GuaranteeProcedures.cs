using Etrepaye.Guarantees.Contracts;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.Extensions.Logging;

namespace Etrepaye.Guarantees.Handlers;

/// <summary>
/// Starts the company's procedure for a guarantee that became active (purpose Guarantee) and for a duty owed to the credit
/// insurer (purpose InsurerDuty), once the module's transaction has committed, with the inputs the shipped templates declare.
/// A company with no procedure for the purpose simply runs none. The instance id derives from the company, the purpose and the
/// guarantee or duty, so a redelivered event finds the instance already started and starts nothing more.
/// </summary>
internal sealed partial class GuaranteeProcedures(IProcedureStarter starter, RequestContext requestContext, ILogger<GuaranteeProcedures> logger)
    : INotificationHandler<IntegrationEventEnvelope<GuaranteeActivated>>,
      INotificationHandler<IntegrationEventEnvelope<InsurerDutyCreated>>
{
    public Task Handle(IntegrationEventEnvelope<GuaranteeActivated> notification, CancellationToken cancellationToken)
    {
        var activated = notification.Event;
        return StartAsync(
            activated.CompanyId,
            new ProcedureStartRequest(activated.CustomerId, ProcedurePurpose.Guarantee, activated.GuaranteeId.ToString(), new Dictionary<string, object?>
            {
                ["guaranteeId"] = activated.GuaranteeId.ToString(),
                ["expiryDate"] = activated.ExpiryDate,
                ["claimDeadline"] = activated.ClaimDeadline,
            }),
            nameof(GuaranteeActivated),
            cancellationToken);
    }

    public Task Handle(IntegrationEventEnvelope<InsurerDutyCreated> notification, CancellationToken cancellationToken)
    {
        var created = notification.Event;
        return StartAsync(
            created.CompanyId,
            new ProcedureStartRequest(created.CustomerId, ProcedurePurpose.InsurerDuty, created.DutyId.ToString(), new Dictionary<string, object?>
            {
                ["dutyId"] = created.DutyId.ToString(),
                ["dutyType"] = created.Type,
                ["deadline"] = created.Deadline,
            }),
            nameof(InsurerDutyCreated),
            cancellationToken);
    }

    private async Task StartAsync(Guid companyId, ProcedureStartRequest request, string eventName, CancellationToken cancellationToken)
    {
        requestContext.EnterCompanyAsSystem(companyId, eventName);
        try
        {
            await starter.StartAssignedProcedureAsync(request, cancellationToken);
        }
        catch (BusinessRuleException rule) when (rule.Code is "no-procedure-assigned" or "procedure-not-published")
        {
            LogNoProcedure(logger, request.Purpose, request.SubjectId, rule.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Purpose} {SubjectId} runs no procedure: {Reason}")]
    private static partial void LogNoProcedure(ILogger logger, ProcedurePurpose purpose, string subjectId, string reason);
}
