using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Etrepaye.Guarantees.Features.CallGuarantee;
using Etrepaye.Guarantees.Features.CompleteInsurerDuty;
using Etrepaye.Workflows.Persistence;
using MediatR;

namespace Etrepaye.Guarantees.Effects;

internal static class EffectIds
{
    /// <summary>A stable id for what an effect creates, so that the step and the handler agree on it and a repeat finds it.</summary>
    public static Guid FromKey(string idempotencyKey)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

internal sealed record CallGuaranteeEffect(string GuaranteeId, decimal Amount, string Currency, IReadOnlyList<string>? InvoiceIds, string? Reason, DateOnly CalledOn);

/// <summary>Records the call a procedure asked for (once per idempotency key: the call's id derives from it).</summary>
internal sealed class CallGuaranteeEffectHandler(IMediator mediator) : IEffectHandler
{
    public const string EffectTypeName = "guarantees.call";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var effect = request.Payload.Deserialize<CallGuaranteeEffect>(EffectIds.Json)!;
        var call = await mediator.Send(
            new CallGuaranteeCommand(
                Guid.Parse(effect.GuaranteeId), effect.Amount, (effect.InvoiceIds ?? []).Select(Guid.Parse).ToList(), effect.CalledOn, effect.Reason,
                EffectIds.FromKey(request.IdempotencyKey)),
            cancellationToken);
        if (call.Currency != effect.Currency)
        {
            throw new InvalidOperationException($"The guarantee is in {call.Currency}, the procedure asked for {effect.Currency}.");
        }

        return JsonSerializer.SerializeToElement(new { callId = call.Id, call.Amount, call.Currency }, EffectIds.Json);
    }
}

internal sealed record CloseInsurerDutyEffect(string DutyId, string Outcome, string? InsurerReference, DateOnly CompletedOn, string? CompletedBy);

/// <summary>Completes or cancels the insurer duty a procedure's task settled (a duty already closed is left as it is).</summary>
internal sealed class CloseInsurerDutyEffectHandler(IMediator mediator) : IEffectHandler
{
    public const string EffectTypeName = "guarantees.close-duty";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var effect = request.Payload.Deserialize<CloseInsurerDutyEffect>(EffectIds.Json)!;
        var duty = await mediator.Send(
            new CompleteInsurerDutyCommand(
                Guid.Parse(effect.DutyId), effect.Outcome, effect.CompletedOn, effect.InsurerReference, null, effect.CompletedBy ?? "procedure", IgnoreIfClosed: true),
            cancellationToken);
        return JsonSerializer.SerializeToElement(new { dutyId = duty.Id, duty.Status }, EffectIds.Json);
    }
}
