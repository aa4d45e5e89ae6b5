using System.Text.Json;
using Etrepaye.Collection.Cases;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Disputes.Contracts;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Etrepaye.Collection.Engine;

/// <summary>
/// Starts the case's assigned procedure once the case is committed. Not in the case's transaction: the engine commits on its own
/// connection. Starting is idempotent per case (the instance id derives from it), so a redelivered event finds the same instance.
/// The daily run's cases come as a batch: their procedures start in one engine transaction.
/// </summary>
internal sealed class StartProcedureOnCaseOpened(CollectionDbContext db, RequestContext requestContext, IProcedureStarter starter)
    : INotificationHandler<IntegrationEventEnvelope<CollectionCaseOpened>>, IIntegrationEventBatchHandler<CollectionCaseOpened>
{
    public async Task Handle(IntegrationEventEnvelope<CollectionCaseOpened> notification, CancellationToken cancellationToken)
    {
        var opened = notification.Event;
        requestContext.EnterCompanyAsSystem(opened.CompanyId, nameof(CollectionCaseOpened));
        Guid? instanceId = null;
        string? error = null;
        try
        {
            var collectionCase = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == opened.CaseId, cancellationToken);
            var started = await starter.StartAssignedProcedureAsync(await RequestAsync(opened, collectionCase, cancellationToken), cancellationToken);
            instanceId = started.InstanceId;
        }
        catch (BusinessRuleException exception)
        {
            error = exception.Message;
        }
        catch (NotFoundException exception)
        {
            error = exception.Message;
        }

        await RecordAsync(opened.CaseId, instanceId, error, cancellationToken);
    }

    public async Task HandleBatchAsync(IReadOnlyList<IntegrationEventEnvelope<CollectionCaseOpened>> batch, CancellationToken cancellationToken)
    {
        var opened = batch.Select(e => e.Event).DistinctBy(e => e.CaseId).ToList();
        requestContext.EnterCompanyAsSystem(opened[0].CompanyId, nameof(CollectionCaseOpened));
        var caseIds = opened.Select(e => e.CaseId).ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var requests = new List<ProcedureStartRequest>(opened.Count);
        foreach (var e in opened)
        {
            requests.Add(await RequestAsync(e, cases.GetValueOrDefault(e.CaseId), cancellationToken));
        }

        var outcomes = await starter.StartAssignedProceduresAsync(requests, cancellationToken);
        await RecordManyAsync([.. opened.Select((e, i) => (e.CaseId, outcomes[i].Started?.InstanceId, outcomes[i].Error))], cancellationToken);
    }

    /// <summary>
    /// <see cref="RecordAsync"/> for a batch's cases in one statement: <c>UPDATE … SET procedure_instance_id = CASE id WHEN … END,
    /// procedure_error = CASE id WHEN … END WHERE id IN (…)</c>, with the store's table and column names from the model.
    /// </summary>
    private async Task RecordManyAsync(IReadOnlyList<(Guid CaseId, Guid? InstanceId, string? Error)> records, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(CollectionCase))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var id = Column(nameof(CollectionCase.Id));
        var values = new List<object>();
        string Case(IEnumerable<(Guid CaseId, object Value)> branches)
        {
            var whens = new List<string>();
            foreach (var (caseId, value) in branches)
            {
                values.Add(caseId);
                values.Add(value);
                whens.Add($"WHEN {{{values.Count - 2}}} THEN {{{values.Count - 1}}}");
            }

            // An untyped NULL in every branch would leave PostgreSQL without the column's type: no branch at all then.
            return whens.Count == 0 ? "NULL" : $"CASE {id} {string.Join(' ', whens)} ELSE NULL END";
        }

        var instances = Case(records.Where(r => r.InstanceId is not null).Select(r => (r.CaseId, (object)r.InstanceId!.Value)));
        var errors = Case(records.Where(r => r.Error is not null).Select(r => (r.CaseId, (object)r.Error!)));
        var ids = string.Join(", ", records.Select(r =>
        {
            values.Add(r.CaseId);
            return $"{{{values.Count - 1}}}";
        }));
        // Raw SQL has no query filter: the company is named, as the single update's filter does.
        values.Add(requestContext.CompanyId);
        var statement = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {Column(nameof(CollectionCase.ProcedureInstanceId))} = {instances}, "
            + $"{Column(nameof(CollectionCase.ProcedureError))} = {errors} WHERE {id} IN ({ids}) AND {Column(nameof(CollectionCase.CompanyId))} = {{{values.Count - 1}}}";
        await db.Database.ExecuteSqlRawAsync(statement, values, cancellationToken);
    }

    private Task RecordAsync(Guid caseId, Guid? instanceId, string? error, CancellationToken cancellationToken) =>
        db.Cases.Where(c => c.Id == caseId)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.ProcedureInstanceId, instanceId).SetProperty(c => c.ProcedureError, error), cancellationToken);

    private async Task<ProcedureStartRequest> RequestAsync(CollectionCaseOpened opened, CollectionCase? collectionCase, CancellationToken cancellationToken) =>
        new(opened.CustomerId, ProcedurePurpose.CollectionCase, opened.CaseId.ToString(), await InputsAsync(opened, collectionCase, cancellationToken));

    /// <summary>
    /// A case opened before its leader's due date hands the procedure that invoice (input <c>invoice</c>: id, dueDate, amount), when
    /// the procedure declares it, so that it counts its steps from the real due date and sends its pre-due reminders.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, object?>?> InputsAsync(CollectionCaseOpened opened, CollectionCase? collectionCase, CancellationToken cancellationToken)
    {
        if (collectionCase is not { LeaderItemId: { } leaderId, LeaderDueDate: { } due } || due < collectionCase.OpenedOn)
        {
            return null;
        }

        var assigned = await starter.FindAssignedProcedureAsync(opened.CustomerId, ProcedurePurpose.CollectionCase, cancellationToken);
        var leader = await db.CaseItems.AsNoTracking().FirstOrDefaultAsync(i => i.CaseId == collectionCase.Id && i.ItemId == leaderId, cancellationToken);
        if (assigned is null || !assigned.InputDefaults.ContainsKey(PreDue.InvoiceInput) || leader is null)
        {
            return null;
        }

        return new Dictionary<string, object?>
        {
            [PreDue.InvoiceInput] = JsonSerializer.SerializeToElement(new
            {
                id = leader.ItemId.ToString(),
                dueDate = due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                amount = $"{leader.OpenAmount.ToString(System.Globalization.CultureInfo.InvariantCulture)} {leader.Currency}",
            }),
        };
    }
}

/// <summary>
/// Hands collection events to the engine as stimuli named after the event, keyed by company, customer, case (and promise), so that
/// a procedure's event handlers (end on CollectionCaseClosed, suspend while an agency holds the case) and waiting activities hear them.
/// The engine deduplicates by message id.
/// </summary>
internal abstract class StimulusForwarder<TEvent>(RequestContext requestContext, IWorkflowStimulusPublisher publisher)
    : INotificationHandler<IntegrationEventEnvelope<TEvent>>
    where TEvent : IIntegrationEvent
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public async Task Handle(IntegrationEventEnvelope<TEvent> notification, CancellationToken cancellationToken)
    {
        var e = notification.Event;
        requestContext.EnterCompanyAsSystem(e.CompanyId, typeof(TEvent).Name);
        var keys = new Dictionary<string, string>
        {
            [ProcedureCorrelation.CompanyKey] = e.CompanyId.ToString(),
            [ProcedureCorrelation.CustomerKey] = CustomerId(e).ToString(),
            [ProcedureCorrelation.SubjectKey(ProcedurePurpose.CollectionCase)] = CaseId(e).ToString(),
        };
        foreach (var (key, value) in MoreKeys(e))
        {
            keys[key] = value;
        }

        await publisher.PublishAsync(
            new Stimulus(typeof(TEvent).Name, keys, $"{notification.MessageId}:collection", JsonSerializer.SerializeToElement(e, _json)), cancellationToken);
    }

    protected abstract Guid CustomerId(TEvent e);

    protected abstract Guid CaseId(TEvent e);

    protected virtual IEnumerable<(string Key, string Value)> MoreKeys(TEvent e) => [];
}

internal sealed class ForwardCaseClosed(RequestContext requestContext, IWorkflowStimulusPublisher publisher)
    : StimulusForwarder<CollectionCaseClosed>(requestContext, publisher)
{
    protected override Guid CustomerId(CollectionCaseClosed e) => e.CustomerId;

    protected override Guid CaseId(CollectionCaseClosed e) => e.CaseId;
}

internal sealed class ForwardPromiseKept(RequestContext requestContext, IWorkflowStimulusPublisher publisher)
    : StimulusForwarder<PromiseKept>(requestContext, publisher)
{
    protected override Guid CustomerId(PromiseKept e) => e.CustomerId;

    protected override Guid CaseId(PromiseKept e) => e.CaseId;

    protected override IEnumerable<(string Key, string Value)> MoreKeys(PromiseKept e) => [(CollectionKeys.Promise, e.PromiseId.ToString())];
}

internal sealed class ForwardPromiseBroken(RequestContext requestContext, IWorkflowStimulusPublisher publisher)
    : StimulusForwarder<PromiseBroken>(requestContext, publisher)
{
    protected override Guid CustomerId(PromiseBroken e) => e.CustomerId;

    protected override Guid CaseId(PromiseBroken e) => e.CaseId;

    protected override IEnumerable<(string Key, string Value)> MoreKeys(PromiseBroken e) => [(CollectionKeys.Promise, e.PromiseId.ToString())];
}

internal sealed class ForwardInstalmentMissed(RequestContext requestContext, IWorkflowStimulusPublisher publisher)
    : StimulusForwarder<PaymentPlanInstalmentMissed>(requestContext, publisher)
{
    protected override Guid CustomerId(PaymentPlanInstalmentMissed e) => e.CustomerId;

    protected override Guid CaseId(PaymentPlanInstalmentMissed e) => e.CaseId;

    protected override IEnumerable<(string Key, string Value)> MoreKeys(PaymentPlanInstalmentMissed e) => [(CollectionKeys.Plan, e.PlanId.ToString())];
}

internal sealed class ForwardHandedOverToAgency(RequestContext requestContext, IWorkflowStimulusPublisher publisher)
    : StimulusForwarder<CaseHandedOverToAgency>(requestContext, publisher)
{
    protected override Guid CustomerId(CaseHandedOverToAgency e) => e.CustomerId;

    protected override Guid CaseId(CaseHandedOverToAgency e) => e.CaseId;
}

internal sealed class ForwardReturnedFromAgency(RequestContext requestContext, IWorkflowStimulusPublisher publisher)
    : StimulusForwarder<CaseReturnedFromAgency>(requestContext, publisher)
{
    protected override Guid CustomerId(CaseReturnedFromAgency e) => e.CustomerId;

    protected override Guid CaseId(CaseReturnedFromAgency e) => e.CaseId;
}

internal sealed class ForwardMessageAwaitingConfirmation(RequestContext requestContext, IWorkflowStimulusPublisher publisher)
    : StimulusForwarder<CollectionMessageAwaitingConfirmation>(requestContext, publisher)
{
    protected override Guid CustomerId(CollectionMessageAwaitingConfirmation e) => e.CustomerId;

    protected override Guid CaseId(CollectionMessageAwaitingConfirmation e) => e.CaseId;

    protected override IEnumerable<(string Key, string Value)> MoreKeys(CollectionMessageAwaitingConfirmation e) => [(CollectionKeys.Message, e.MessageId.ToString())];
}

internal sealed class ForwardEscalationAnswered(RequestContext requestContext, IWorkflowStimulusPublisher publisher)
    : StimulusForwarder<CaseEscalationAnswered>(requestContext, publisher)
{
    protected override Guid CustomerId(CaseEscalationAnswered e) => e.CustomerId;

    protected override Guid CaseId(CaseEscalationAnswered e) => e.CaseId;

    protected override IEnumerable<(string Key, string Value)> MoreKeys(CaseEscalationAnswered e) => [(CollectionKeys.Link, e.LinkId.ToString())];
}

/// <summary>
/// The Disputes module correlates its events by dispute, which a case's procedure does not know: the events are handed again to
/// the customer's case that is not closed, keyed by company, customer and case (not the dispute, or the dispute's own procedure
/// would hear them twice), so that a collection procedure's handlers (suspend until DisputeResolved) fire. The message id derives
/// from the event's, and the engine keeps every handled message id, so a redelivery reaches the procedure once.
/// </summary>
internal sealed class ForwardDisputeEventsToCase(CollectionDbContext db, RequestContext requestContext, IWorkflowStimulusPublisher publisher)
    : INotificationHandler<IntegrationEventEnvelope<DisputeOpened>>,
      INotificationHandler<IntegrationEventEnvelope<DisputeResolved>>,
      INotificationHandler<IntegrationEventEnvelope<DisputeRejected>>
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public Task Handle(IntegrationEventEnvelope<DisputeOpened> notification, CancellationToken cancellationToken) =>
        ForwardAsync(notification, notification.Event.CompanyId, notification.Event.CustomerId, cancellationToken);

    public Task Handle(IntegrationEventEnvelope<DisputeResolved> notification, CancellationToken cancellationToken) =>
        ForwardAsync(notification, notification.Event.CompanyId, notification.Event.CustomerId, cancellationToken);

    public Task Handle(IntegrationEventEnvelope<DisputeRejected> notification, CancellationToken cancellationToken) =>
        ForwardAsync(notification, notification.Event.CompanyId, notification.Event.CustomerId, cancellationToken);

    private async Task ForwardAsync<TEvent>(IntegrationEventEnvelope<TEvent> notification, Guid companyId, Guid customerId, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        requestContext.EnterCompanyAsSystem(companyId, typeof(TEvent).Name);
        var caseId = await db.Cases.Where(c => c.CustomerId == customerId && c.Status != CaseStatus.Closed)
            .Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (caseId is null)
        {
            return;
        }

        var keys = new Dictionary<string, string>
        {
            [ProcedureCorrelation.CompanyKey] = companyId.ToString(),
            [ProcedureCorrelation.CustomerKey] = customerId.ToString(),
            [ProcedureCorrelation.SubjectKey(ProcedurePurpose.CollectionCase)] = caseId.Value.ToString(),
        };
        await publisher.PublishAsync(
            new Stimulus(typeof(TEvent).Name, keys, $"{notification.MessageId}:collection-case", JsonSerializer.SerializeToElement(notification.Event, _json)),
            cancellationToken);
    }
}

/// <summary>The correlation keys collection activities wait on, besides the procedure's own.</summary>
internal static class CollectionKeys
{
    public const string Promise = "promise";

    public const string Plan = "plan";

    public const string Message = "message";

    public const string Link = "link";
}
