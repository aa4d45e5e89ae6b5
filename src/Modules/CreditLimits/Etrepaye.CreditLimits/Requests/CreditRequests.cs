using Etrepaye.Access.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Exposure;
using Etrepaye.CreditLimits.Features;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Etrepaye.CreditLimits.Requests;

/// <summary>Opens credit requests (from sales, a procedure, the periodic review or a payment incident) with the role that must decide them.</summary>
internal sealed class CreditRequests(CreditLimitsDbContext db, CreditPolicy policy, IReceivablesQueries receivables, ICompanyClock clock, RequestContext requestContext, TimeProvider timeProvider,
    ILogger<CreditRequests> logger)
{
    public async Task<CreditRequest> OpenAsync(
        Guid customerId, CreditRequestKind kind, CreditRequestTrigger trigger, decimal amount, string currency, DateOnly? validUntil, DateOnly? reviewDate,
        string reason, CancellationToken cancellationToken, Guid? id = null)
    {
        if ((await receivables.GetCustomersAsync([customerId], cancellationToken)).Count == 0)
        {
            throw new BusinessRuleException("customer-unknown", "The customer does not exist in this company.", "customerId");
        }

        var required = await RequiredLevelAsync(amount, currency, cancellationToken);
        var request = new CreditRequest
        {
            Id = id ?? Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            CustomerId = customerId,
            Kind = kind,
            Trigger = trigger,
            Amount = amount,
            Currency = currency,
            ValidUntil = validUntil,
            ReviewDate = reviewDate,
            Reason = reason,
            RequestedBy = requestContext.ActorName,
            RequestedAt = timeProvider.GetUtcNow(),
            RequiredRole = required.Role,
            Status = CreditRequestStatus.Pending,
        };
        db.Requests.Add(request);
        return request;
    }

    /// <summary>Opens a review of the customer's limit unless one is already pending; null when it has no limit or one is pending.</summary>
    public async Task<CreditRequest?> OpenReviewAsync(Guid customerId, CreditRequestTrigger trigger, string reason, CancellationToken cancellationToken, Guid? id = null)
    {
        var limit = await db.Limits.SingleOrDefaultAsync(l => l.CustomerId == customerId, cancellationToken);
        if (limit is null || await db.Requests.AnyAsync(r => r.CustomerId == customerId && r.Status == CreditRequestStatus.Pending && r.Kind == CreditRequestKind.Review, cancellationToken))
        {
            return null;
        }

        try
        {
            return await OpenAsync(customerId, CreditRequestKind.Review, trigger, limit.Amount, limit.Currency, limit.ValidUntil, limit.ReviewDate, reason, cancellationToken, id);
        }
        catch (BusinessRuleException exception)
        {
            // No matrix or no rate: a review that cannot be routed is not opened; the event is not retried for it.
            logger.LogWarning("The review of customer {CustomerId} was not opened: {Problem}", customerId, exception.Message);
            return null;
        }
    }

    public async Task<decimal> InAuthorityCurrencyAsync(decimal amount, string currency, CancellationToken cancellationToken)
    {
        var settings = await policy.SettingsAsync(cancellationToken);
        var today = await clock.TodayAsync(requestContext.CompanyId, cancellationToken);
        var rate = currency == settings.AuthorityCurrency ? 1m : await receivables.GetExchangeRateAsync(currency, settings.AuthorityCurrency, today, cancellationToken);
        return rate is { } r
            ? amount * r
            : throw new BusinessRuleException(
                "exchange-rate-missing", $"No {currency}/{settings.AuthorityCurrency} rate is known on {today:yyyy-MM-dd}: the amount cannot be placed in the authority matrix.", "currency");
    }

    private async Task<AuthorityLevel> RequiredLevelAsync(decimal amount, string currency, CancellationToken cancellationToken) =>
        CreditPolicy.RequiredLevel(await policy.MatrixAsync(cancellationToken), await InAuthorityCurrencyAsync(amount, currency, cancellationToken));

    public static CreditRequestResponse ToResponse(CreditRequest r) => new(
        r.Id, r.CustomerId, r.Kind.ToString(), r.Trigger.ToString(), r.Amount, r.Currency, r.ValidUntil, r.ReviewDate, r.Reason, r.RequestedBy, r.RequestedAt,
        r.RequiredRole.ToString(), r.Status.ToString(), r.DecidedBy, r.DecidedAt, r.DecidedAmount, r.DecisionComment, r.InstanceId, r.ProcedureProblem, r.Version);
}
