using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Exposure;
using Etrepaye.Shared;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Shared.Validation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.CreditLimits.Features.OrderCheck;

/// <param name="OrderReference">The ERP's order number, kept with the check (optional).</param>
public sealed record CheckOrderRequest(Guid CustomerId, decimal Amount, string Currency, string? OrderReference);

/// <summary>The answer to "may this order ship?".</summary>
/// <param name="Decision">Approved or Blocked.</param>
/// <param name="Reasons">Why it is blocked: AccountBlocked, NoLimit, LimitExpired, OverLimit, ExchangeRateMissing (empty when approved).</param>
/// <param name="Limits">Each limit that applies with the exposure before the order and after it.</param>
public sealed record CheckOrderResponse(
    Guid CheckId, Guid CustomerId, string Decision, IReadOnlyList<string> Reasons, decimal Amount, string Currency, string? OrderReference, DateOnly AsOf,
    ExposureOptionsResponse Options, bool AccountBlocked, string? BlockedReason, IReadOnlyList<CheckedLimitResponse> Limits, DateTimeOffset LedgerReadAt);

/// <param name="OrderAmount">The order in the limit's currency (null when no rate is known).</param>
/// <param name="ExposureAfterOrder">Exposure.Total + OrderAmount.</param>
public sealed record CheckedLimitResponse(LimitExposureResponse Limit, decimal? OrderAmount, decimal? ExposureAfterOrder, bool OverLimit);

// Not an ICommand: its one write, the check's row, goes through the group commit of OrderCheckRecorder, not a transaction of its own.
internal sealed record CheckOrderQuery(Guid CustomerId, decimal Amount, string Currency, string? OrderReference) : IRecordingQuery<CheckOrderResponse>;

internal sealed class CheckOrderValidator : AbstractValidator<CheckOrderQuery>
{
    public CheckOrderValidator()
    {
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.Amount).GreaterThan(0m);
        RuleFor(c => c.Currency).IsCurrencyCode();
        RuleFor(c => c.OrderReference).MaximumLength(100);
    }
}

internal sealed class CheckOrderHandler(OrderCheckRecorder recorder, ExposureReader reader, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CheckOrderQuery, CheckOrderResponse>
{
    public async Task<CheckOrderResponse> Handle(CheckOrderQuery query, CancellationToken cancellationToken)
    {
        var snapshot = await reader.ReadAsync(query.CustomerId, ownSubtree: false, cancellationToken);
        var limits = await reader.UnderLimitsAsync(snapshot, cancellationToken);
        var reasons = new List<string>();
        if (snapshot.Account.Blocked)
        {
            reasons.Add("AccountBlocked");
        }

        if (limits.Count == 0)
        {
            reasons.Add("NoLimit");
        }

        var checkedLimits = new List<CheckedLimitResponse>();
        foreach (var limit in limits)
        {
            var rate = await snapshot.Rates.RateAsync(query.Currency, limit.Currency, cancellationToken);
            var order = rate is { } r ? ExposureCalculator.Round(query.Amount * r) : (decimal?)null;
            var after = order is { } o ? limit.Exposure.Total + o : (decimal?)null;
            var over = after > limit.Limit;
            checkedLimits.Add(new CheckedLimitResponse(limit, order, after, over));
            if (limit.Expired && !reasons.Contains("LimitExpired"))
            {
                reasons.Add("LimitExpired");
            }

            if (over && !reasons.Contains("OverLimit"))
            {
                reasons.Add("OverLimit");
            }

            if ((order is null || limit.Exposure.MissingRates.Count > 0) && !reasons.Contains("ExchangeRateMissing"))
            {
                reasons.Add("ExchangeRateMissing");
            }
        }

        // The binding limit is the one with the least room left after the order.
        var binding = checkedLimits.OrderBy(l => l.Limit.Limit - (l.ExposureAfterOrder ?? decimal.MaxValue / 2)).FirstOrDefault();
        var check = new Domain.OrderCheck
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            CustomerId = query.CustomerId,
            OrderReference = query.OrderReference,
            Amount = query.Amount,
            Currency = query.Currency,
            Decision = reasons.Count == 0 ? CheckDecision.Approved : CheckDecision.Blocked,
            Reasons = string.Join(',', reasons),
            Exposure = binding?.ExposureAfterOrder,
            LimitAmount = binding?.Limit.Limit,
            LimitCurrency = binding?.Limit.Currency,
            CheckedAt = timeProvider.GetUtcNow(),
            CheckedBy = requestContext.ActorName,
        };
        await recorder.RecordAsync(check, cancellationToken);
        return new CheckOrderResponse(
            check.Id, query.CustomerId, check.Decision.ToString(), reasons, query.Amount, query.Currency, query.OrderReference, snapshot.Today,
            ExposureReader.Options(snapshot.Settings), snapshot.Account.Blocked, snapshot.Account.BlockedReason, checkedLimits, snapshot.Account.RefreshedAt);
    }
}

internal static class CheckOrderEndpoint
{
    public static void MapCheckOrder(this RouteGroupBuilder credit) =>
        credit.MapPost("check", (CheckOrderRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new CheckOrderQuery(request.CustomerId, request.Amount, request.Currency ?? "", request.OrderReference), cancellationToken))
            .WithName("CheckOrder")
            .WithSummary("Order check for the ERP: Approved or Blocked (AccountBlocked, NoLimit, LimitExpired, OverLimit, ExchangeRateMissing) with the exposure behind it; each check is recorded.")
            .RequireCompanyRoles(CompanyRoles.Writers)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
