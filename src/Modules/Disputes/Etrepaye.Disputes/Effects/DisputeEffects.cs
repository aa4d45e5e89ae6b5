using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Features.OpenDispute;
using Etrepaye.Disputes.Features.RequestInternalAnswer;
using Etrepaye.Disputes.Support;
using Etrepaye.Shared.Errors;
using Etrepaye.Workflows.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Etrepaye.Disputes.Effects;

internal static class EffectIds
{
    /// <summary>A stable id for what an effect creates, so that the step and the handler agree on it and a repeat finds it.</summary>
    public static Guid FromKey(string idempotencyKey)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("disputes:" + idempotencyKey)).AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

internal sealed record OpenDisputeEffect(string CustomerId, IReadOnlyList<string> InvoiceIds, decimal? Amount, string Reason, string Description);

/// <summary>Opens the dispute a procedure asked for (once per idempotency key: the dispute's id derives from it).</summary>
internal sealed class OpenDisputeEffectHandler(IMediator mediator) : IEffectHandler
{
    public const string EffectTypeName = "disputes.open";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var effect = request.Payload.Deserialize<OpenDisputeEffect>(EffectIds.Json)!;
        var dispute = await mediator.Send(
            new OpenDisputeCommand(
                Guid.Parse(effect.CustomerId), effect.Reason, effect.Description,
                [.. effect.InvoiceIds.Select(id => new DisputedInvoiceRequest(Guid.Parse(id), effect.Amount))], null, null, null, "CallOutcome",
                EffectIds.FromKey(request.IdempotencyKey)),
            cancellationToken);
        return JsonSerializer.SerializeToElement(new { disputeId = dispute.Id, dispute.Reference, dispute.Amount, dispute.Currency }, EffectIds.Json);
    }
}

internal sealed record RouteDisputeEffect(string DisputeId, string? Message);

/// <summary>Gives a dispute to its reason's department and queues the internal request to that department's mailbox, if it has one.</summary>
internal sealed class RouteDisputeEffectHandler(IMediator mediator, DisputesDbContext db, IOptions<DisputesOptions> options) : IEffectHandler
{
    public const string EffectTypeName = "disputes.route";

    public string EffectType => EffectTypeName;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var effect = request.Payload.Deserialize<RouteDisputeEffect>(EffectIds.Json)!;
        var disputeId = Guid.Parse(effect.DisputeId);
        var dispute = await db.Disputes.AsNoTracking().SingleOrDefaultAsync(d => d.Id == disputeId, cancellationToken) ?? throw new NotFoundException("Dispute", disputeId);
        var reason = await db.Reasons.AsNoTracking().SingleAsync(r => r.Code == dispute.ReasonCode, cancellationToken);
        var requests = await db.InternalRequests.AsNoTracking().Where(r => r.DisputeId == disputeId && r.Department == reason.OwnerDepartment).AnyAsync(cancellationToken);
        if (dispute.IsClosed || requests || !options.Value.Departments.ContainsKey(reason.OwnerDepartment))
        {
            return JsonSerializer.SerializeToElement(new { department = reason.OwnerDepartment, requested = false }, EffectIds.Json);
        }

        var created = await mediator.Send(
            new RequestInternalAnswerCommand(
                disputeId, reason.OwnerDepartment, null, effect.Message ?? $"Dispute {dispute.Reference} ({reason.Name}): please review it and answer.", "procedure"),
            cancellationToken);
        return JsonSerializer.SerializeToElement(new { department = reason.OwnerDepartment, requested = true, requestId = created.Request.Id }, EffectIds.Json);
    }
}
