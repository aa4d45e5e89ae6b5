using System.Text.Json;
using System.Text.Json.Serialization;
using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Collection.Interest;
using Etrepaye.Guarantees.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Effects;

internal static class EffectJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static T Read<T>(EffectRequest request) => request.Payload.Deserialize<T>(Options)!;

    public static JsonElement Write(object value) => JsonSerializer.SerializeToElement(value, Options);
}

internal sealed record SendMessageEffect(
    Guid CaseId, string Kind, MessageChannel Channel, int Level, string? Language, bool AttachStatement, bool IncludeInterest, bool Indemnity,
    bool Confirm, string? Recipient, string? Note, InterestBasis Basis, decimal? ContractualRate);

/// <summary>
/// Renders and stores a message a procedure asked for; the dispatcher sends it. Its id derives from the effect's key. The daily run's
/// reminders come in batches: the messages of a batch are rendered from one read of their cases, customers, items, disputes,
/// templates and attached statements, and stored in one transaction.
/// </summary>
internal sealed class SendMessageEffectHandler(MessageComposer composer) : IEffectBatchHandler
{
    public const string EffectTypeName = "collection.send-message";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken) =>
        (await HandleBatchAsync([request], cancellationToken))[0];

    public async Task<IReadOnlyList<JsonElement?>> HandleBatchAsync(IReadOnlyList<EffectRequest> requests, CancellationToken cancellationToken)
    {
        var messages = await composer.ScheduleManyAsync([.. requests.Select(Schedule)], cancellationToken);
        return [.. messages.Select(m => (JsonElement?)EffectJson.Write(new { messageId = m.Id, status = m.Status, m.StatusReason }))];
    }

    private static ScheduleRequest Schedule(EffectRequest request)
    {
        var e = EffectJson.Read<SendMessageEffect>(request);
        return new ScheduleRequest(
            new ComposeRequest(
                e.CaseId, e.Kind, e.Channel, e.Level, e.Language, e.AttachStatement, e.IncludeInterest, e.Indemnity, e.Confirm, e.Recipient, e.Note,
                new InterestTerms(e.Basis, e.ContractualRate)),
            request.IdempotencyKey, $"procedure:{request.InstanceId}");
    }
}

internal sealed record ReleaseMessageEffect(Guid MessageId, bool Send, string? By);

/// <summary>The operator's answer to "confirm before sending": the message is scheduled, or cancelled.</summary>
internal sealed class ReleaseMessageEffectHandler(CollectionDbContext db) : IEffectHandler
{
    public const string EffectTypeName = "collection.release-message";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var e = EffectJson.Read<ReleaseMessageEffect>(request);
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == e.MessageId, cancellationToken) ?? throw new NotFoundException("Message", e.MessageId);
        if (message.Status == MessageStatus.AwaitingConfirmation)
        {
            message.Status = e.Send ? MessageStatus.Scheduled : MessageStatus.Cancelled;
            message.StatusReason = e.Send ? $"Confirmed by {e.By ?? "an operator"}." : $"Not confirmed by {e.By ?? "an operator"}.";
            await db.SaveChangesAsync(cancellationToken);
        }

        return EffectJson.Write(new { messageId = message.Id, status = message.Status });
    }
}

internal sealed record RecordPromiseEffect(Guid CaseId, Guid CustomerId, decimal Amount, string Currency, DateOnly PromisedDate, int GraceDays, DateOnly DueBy, DateOnly RecordedOn, string? Note, string? By);

internal sealed class RecordPromiseEffectHandler(CollectionDbContext db) : IEffectHandler
{
    public const string EffectTypeName = "collection.record-promise";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var e = EffectJson.Read<RecordPromiseEffect>(request);
        var id = StableIds.FromKey(request.IdempotencyKey);
        if (!await db.Promises.AnyAsync(p => p.Id == id, cancellationToken))
        {
            db.Promises.Add(new PromiseToPay
            {
                Id = id,
                CompanyId = request.CompanyId,
                CaseId = e.CaseId,
                CustomerId = e.CustomerId,
                Amount = e.Amount,
                Currency = e.Currency,
                PromisedDate = e.PromisedDate,
                GraceDays = e.GraceDays,
                DueBy = e.DueBy,
                Status = PromiseStatus.Pending,
                RecordedOn = e.RecordedOn,
                Note = e.Note,
                RecordedBy = e.By ?? "procedure",
            });
            db.Publish(new PromiseToPayRecorded(request.CompanyId, e.CustomerId, e.CaseId, id, new Money(e.Amount, e.Currency), e.PromisedDate));
            await db.SaveChangesAsync(cancellationToken);
        }

        return EffectJson.Write(new { promiseId = id });
    }
}

internal sealed record CheckPromiseEffect(Guid PromiseId, DateOnly On);

/// <summary>At the end of the grace period a promise still pending is broken: PromiseBroken, which the waiting activity hears.</summary>
internal sealed class CheckPromiseEffectHandler(CollectionDbContext db) : IEffectHandler
{
    public const string EffectTypeName = "collection.check-promise";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var e = EffectJson.Read<CheckPromiseEffect>(request);
        var promise = await db.Promises.SingleOrDefaultAsync(p => p.Id == e.PromiseId, cancellationToken) ?? throw new NotFoundException("Promise", e.PromiseId);
        if (promise.Status == PromiseStatus.Pending)
        {
            promise.Status = PromiseStatus.Broken;
            promise.ResolvedOn = e.On;
            db.Publish(new PromiseBroken(
                promise.CompanyId, promise.CustomerId, promise.CaseId, promise.Id, new Money(promise.Amount, promise.Currency), promise.PromisedDate,
                new Money(promise.Amount - promise.Received, promise.Currency)));
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (promise.Status == PromiseStatus.Kept)
        {
            // The kept promise's event may have been missed by the instance (it was not waiting yet): say it again.
            db.Publish(new PromiseKept(promise.CompanyId, promise.CustomerId, promise.CaseId, promise.Id, promise.ResolvedOn ?? e.On));
            await db.SaveChangesAsync(cancellationToken);
        }

        return EffectJson.Write(new { promiseId = promise.Id, status = promise.Status });
    }
}

internal sealed record CustomerBlockEffect(Guid? CaseId, Guid CustomerId, bool Block, string Reason, DateOnly On, string? By);

/// <summary>Asks CreditLimits to block or unblock the customer (once per key: the action's id derives from it).</summary>
internal sealed class CustomerBlockEffectHandler(CollectionDbContext db, TimeProvider timeProvider) : IEffectHandler
{
    public const string EffectTypeName = "collection.customer-block";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var e = EffectJson.Read<CustomerBlockEffect>(request);
        var id = StableIds.FromKey(request.IdempotencyKey);
        if (!await db.CaseActions.AnyAsync(a => a.Id == id, cancellationToken))
        {
            db.CaseActions.Add(new CaseAction
            {
                Id = id,
                CompanyId = request.CompanyId,
                CaseId = e.CaseId,
                CustomerId = e.CustomerId,
                Kind = e.Block ? "BlockRequested" : "UnblockRequested",
                Detail = e.Reason,
                On = e.On,
                At = timeProvider.GetUtcNow(),
                By = e.By ?? $"procedure:{request.InstanceId}",
            });
            if (e.Block)
            {
                db.Publish(new CustomerBlockRequested(request.CompanyId, e.CustomerId, e.CaseId, e.Reason, e.On));
            }
            else
            {
                db.Publish(new CustomerUnblockRequested(request.CompanyId, e.CustomerId, e.CaseId, e.Reason, e.On));
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return EffectJson.Write(new { actionId = id });
    }
}

internal sealed record RecordCallEffect(Guid CaseId, Guid CustomerId, string Outcome, string? Note, string? By, DateTimeOffset CompletedAt);

/// <summary>Records a call's result as a case action, dated the company's day of the call (once per key: the action's id derives from it).</summary>
internal sealed class RecordCallEffectHandler(CollectionDbContext db, ICompanyClock clock) : IEffectHandler
{
    public const string EffectTypeName = "collection.record-call";

    public const string ActionKind = "CallCompleted";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var e = EffectJson.Read<RecordCallEffect>(request);
        var id = StableIds.FromKey(request.IdempotencyKey);
        if (!await db.CaseActions.AnyAsync(a => a.Id == id, cancellationToken))
        {
            var detail = string.IsNullOrWhiteSpace(e.Note) ? e.Outcome : $"{e.Outcome}: {e.Note.Trim()}";
            db.CaseActions.Add(new CaseAction
            {
                Id = id,
                CompanyId = request.CompanyId,
                CaseId = e.CaseId,
                CustomerId = e.CustomerId,
                Kind = ActionKind,
                Detail = detail.Length > 1000 ? detail[..1000] : detail,
                On = await clock.DateAtAsync(request.CompanyId, e.CompletedAt, cancellationToken),
                At = e.CompletedAt,
                By = e.By ?? $"procedure:{request.InstanceId}",
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return EffectJson.Write(new { actionId = id });
    }
}

internal sealed record PlanInstalmentInput(DateOnly DueDate, decimal Amount);

internal sealed record RecordPlanEffect(Guid CaseId, Guid CustomerId, string Currency, IReadOnlyList<PlanInstalmentInput> Instalments, DateOnly AgreedOn);

/// <summary>Records a payment plan and tells whether the customer's credit insurer must be notified of it (an insured limit covers the customer).</summary>
internal sealed class RecordPlanEffectHandler(CollectionDbContext db, TimeProvider timeProvider, IGuaranteeCover? cover = null) : IEffectHandler
{
    public const string EffectTypeName = "collection.record-plan";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var e = EffectJson.Read<RecordPlanEffect>(request);
        var id = StableIds.FromKey(request.IdempotencyKey);
        if (await db.PaymentPlans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } existing)
        {
            return EffectJson.Write(new { planId = id, existing.InsurerNotificationRequired });
        }

        var covered = cover is not null && await cover.GetCoverAsync(request.CompanyId, e.CustomerId, e.AgreedOn, e.Currency, cancellationToken) is { } found
            && found.Lines.Any(l => l.Source == "InsuredLimit");
        var ordered = e.Instalments.OrderBy(i => i.DueDate).ToList();
        db.PaymentPlans.Add(new PaymentPlan
        {
            Id = id,
            CompanyId = request.CompanyId,
            CaseId = e.CaseId,
            CustomerId = e.CustomerId,
            Currency = e.Currency,
            Total = ordered.Sum(i => i.Amount),
            AgreedOn = e.AgreedOn,
            InsurerNotificationRequired = covered,
            Status = "Active",
        });
        db.Instalments.AddRange(ordered.Select((i, index) => new PaymentPlanInstalment
        {
            Id = Ids.New(timeProvider),
            CompanyId = request.CompanyId,
            PlanId = id,
            Number = index + 1,
            DueDate = i.DueDate,
            Amount = i.Amount,
            Status = "Pending",
        }));
        db.Publish(new PaymentPlanAgreed(
            request.CompanyId, e.CustomerId, e.CaseId, id, new Money(ordered.Sum(i => i.Amount), e.Currency), ordered.Count, ordered[0].DueDate, ordered[^1].DueDate));
        await db.SaveChangesAsync(cancellationToken);
        return EffectJson.Write(new { planId = id, insurerNotificationRequired = covered });
    }
}

internal sealed record CheckInstalmentEffect(Guid PlanId, int Number);

/// <summary>After an instalment's due date (plus grace) it is paid when the payments received since the plan cover it and the earlier ones.</summary>
internal sealed class CheckInstalmentEffectHandler(CollectionDbContext db) : IEffectHandler
{
    public const string EffectTypeName = "collection.check-instalment";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var e = EffectJson.Read<CheckInstalmentEffect>(request);
        var plan = await db.PaymentPlans.SingleOrDefaultAsync(p => p.Id == e.PlanId, cancellationToken) ?? throw new NotFoundException("Plan", e.PlanId);
        var instalments = await db.Instalments.Where(i => i.PlanId == plan.Id).OrderBy(i => i.Number).ToListAsync(cancellationToken);
        var instalment = instalments.Single(i => i.Number == e.Number);
        var due = instalments.Where(i => i.Number <= e.Number).Sum(i => i.Amount);
        if (instalment.Status == "Pending" && plan.Received < due)
        {
            instalment.Status = "Missed";
            plan.Status = "Broken";
            db.Publish(new PaymentPlanInstalmentMissed(
                plan.CompanyId, plan.CustomerId, plan.CaseId, plan.Id, instalment.Number, instalment.DueDate, new Money(due - plan.Received, plan.Currency)));
        }
        else if (instalment.Status == "Pending")
        {
            instalment.Status = "Paid";
        }

        await db.SaveChangesAsync(cancellationToken);
        return EffectJson.Write(new { planId = plan.Id, instalment.Number, instalment.Status, lastOne = e.Number == instalments.Count });
    }
}
