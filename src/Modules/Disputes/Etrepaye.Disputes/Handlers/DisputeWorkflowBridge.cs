using System.Text.Json;
using Etrepaye.Disputes.Contracts;
using Etrepaye.Disputes.Data;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Etrepaye.Disputes.Handlers;

/// <summary>
/// Hands the module's events to the engine once they are committed: a new dispute starts the company's procedure assigned for
/// disputes (none assigned is not an error: the dispute simply has no procedure), and every event goes to the waiting
/// instances as a stimulus correlated by company, customer and dispute. Both are idempotent (the instance id derives from
/// the dispute, the stimulus's message id is the event's), so no inbox row is needed and the engine's work is not held
/// inside a transaction of this module.
/// </summary>
internal sealed partial class DisputeWorkflowBridge(
    IProcedureStarter starter, IWorkflowStimulusPublisher stimuli, DisputesDbContext db, RequestContext requestContext, ILogger<DisputeWorkflowBridge> logger)
    : INotificationHandler<IntegrationEventEnvelope<DisputeOpened>>,
      INotificationHandler<IntegrationEventEnvelope<DisputeResolved>>,
      INotificationHandler<IntegrationEventEnvelope<DisputeRejected>>
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public async Task Handle(IntegrationEventEnvelope<DisputeOpened> notification, CancellationToken cancellationToken)
    {
        var opened = notification.Event;
        requestContext.EnterCompanyAsSystem(opened.CompanyId, nameof(DisputeOpened));
        try
        {
            var started = await starter.StartAssignedProcedureAsync(
                new ProcedureStartRequest(opened.CustomerId, ProcedurePurpose.Dispute, opened.DisputeId.ToString()), cancellationToken);
            await db.Disputes.Where(d => d.Id == opened.DisputeId && d.ProcedureInstanceId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ProcedureInstanceId, started.InstanceId), cancellationToken);
        }
        catch (BusinessRuleException rule) when (rule.Code is "no-procedure-assigned" or "procedure-not-published")
        {
            LogNoProcedure(logger, opened.DisputeId, rule.Message);
        }

        await PublishAsync(nameof(DisputeOpened), opened.CompanyId, opened.CustomerId, opened.DisputeId, notification, cancellationToken);
    }

    public Task Handle(IntegrationEventEnvelope<DisputeResolved> notification, CancellationToken cancellationToken) =>
        PublishAsync(nameof(DisputeResolved), notification.Event.CompanyId, notification.Event.CustomerId, notification.Event.DisputeId, notification, cancellationToken);

    public Task Handle(IntegrationEventEnvelope<DisputeRejected> notification, CancellationToken cancellationToken) =>
        PublishAsync(nameof(DisputeRejected), notification.Event.CompanyId, notification.Event.CustomerId, notification.Event.DisputeId, notification, cancellationToken);

    private async Task PublishAsync<TEvent>(
        string eventName, Guid companyId, Guid customerId, Guid disputeId, IntegrationEventEnvelope<TEvent> notification, CancellationToken cancellationToken)
        where TEvent : Etrepaye.Shared.Contracts.IIntegrationEvent
    {
        var keys = new Dictionary<string, string>
        {
            [ProcedureCorrelation.CompanyKey] = companyId.ToString(),
            [ProcedureCorrelation.CustomerKey] = customerId.ToString(),
            [ProcedureCorrelation.SubjectKey(ProcedurePurpose.Dispute)] = disputeId.ToString(),
        };
        await stimuli.PublishAsync(
            new Stimulus(eventName, keys, $"disputes:{notification.MessageId}", JsonSerializer.SerializeToElement(notification.Event, _json)), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispute {DisputeId} runs no procedure: {Reason}")]
    private static partial void LogNoProcedure(ILogger logger, Guid disputeId, string reason);
}
