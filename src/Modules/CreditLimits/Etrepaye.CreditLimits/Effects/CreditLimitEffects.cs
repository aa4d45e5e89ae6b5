using System.Text.Json;
using Etrepaye.CreditLimits.Activities;
using Etrepaye.CreditLimits.Features.Blocking;
using Etrepaye.CreditLimits.Features.Requests;
using Etrepaye.CreditLimits.Requests;
using Etrepaye.Workflows.Persistence;
using MediatR;

namespace Etrepaye.CreditLimits.Effects;

internal sealed record BlockEffect(string CustomerId, string Reason);

internal sealed record CreditRequestEffect(string CustomerId, string Reason, decimal? Amount, string? Currency, DateOnly? ReviewDate, DateOnly? ValidUntil);

internal static class EffectJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

/// <summary>Blocks or unblocks the account a procedure named.</summary>
internal sealed class BlockCustomerEffectHandler(IMediator mediator) : IEffectHandler
{
    public const string BlockType = "creditlimits.block";
    public const string UnblockType = "creditlimits.unblock";

    public string EffectType => BlockType;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var effect = request.Payload.Deserialize<BlockEffect>(EffectJson.Options)!;
        var status = await mediator.Send(new SetCustomerBlockCommand(Guid.Parse(effect.CustomerId), request.EffectType == BlockType, effect.Reason), cancellationToken);
        return JsonSerializer.SerializeToElement(new { status.CustomerId, status.Blocked }, EffectJson.Options);
    }
}

internal sealed class UnblockCustomerEffectHandler(IMediator mediator) : IEffectHandler
{
    public string EffectType => BlockCustomerEffectHandler.UnblockType;

    public Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken) =>
        new BlockCustomerEffectHandler(mediator).HandleAsync(request, cancellationToken);
}

/// <summary>Opens the credit request (new limit or review) a procedure asked for and starts its own procedure.</summary>
internal sealed class CreditRequestEffectHandler(IMediator mediator, RequestProcedures procedures) : IEffectHandler
{
    public const string LimitType = "creditlimits.request-limit";
    public const string ReviewType = "creditlimits.request-review";

    public string EffectType => LimitType;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        var effect = request.Payload.Deserialize<CreditRequestEffect>(EffectJson.Options)!;
        var id = EffectIds.FromKey(request.IdempotencyKey);
        var customerId = Guid.Parse(effect.CustomerId);
        var opened = request.EffectType == ReviewType
            ? await mediator.Send(new OpenReviewCommand(customerId, effect.Reason, id), cancellationToken)
            : await mediator.Send(
                new CreateCreditRequestCommand(
                    customerId, effect.Amount ?? 0m, effect.Currency ?? "", effect.ValidUntil, effect.ReviewDate, effect.Reason,
                    Domain.CreditRequestKind.LimitChange, Domain.CreditRequestTrigger.Procedure, id),
                cancellationToken);
        if (opened is not null)
        {
            await procedures.StartAsync(opened.Id, cancellationToken);
        }

        return JsonSerializer.SerializeToElement(new { requestId = opened?.Id, opened = opened is not null }, EffectJson.Options);
    }
}

internal sealed class ReviewRequestEffectHandler(IMediator mediator, RequestProcedures procedures) : IEffectHandler
{
    public string EffectType => CreditRequestEffectHandler.ReviewType;

    public Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken) =>
        new CreditRequestEffectHandler(mediator, procedures).HandleAsync(request, cancellationToken);
}
