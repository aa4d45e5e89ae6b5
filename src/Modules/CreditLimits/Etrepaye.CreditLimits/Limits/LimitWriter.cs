using Etrepaye.Access.Contracts;
using Etrepaye.CreditLimits.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Scoring;
using Etrepaye.Shared;
using Etrepaye.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Limits;

/// <summary>Sets a customer's limit after its approval: the limit, its history line and <see cref="CreditLimitChanged"/>.</summary>
internal sealed class LimitWriter(CreditLimitsDbContext db, ScoreCalculator scores, ICompanyClock clock, TimeProvider timeProvider)
{
    public async Task<CreditLimit> ApplyAsync(
        Guid customerId, decimal amount, string currency, DateOnly? validUntil, DateOnly? reviewDate, string reason, string requestedBy, string approvedBy,
        string? approverRole, Guid? requestId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var score = await scores.ComputeAsync(customerId, cancellationToken);
        var limit = await db.Limits.SingleOrDefaultAsync(l => l.CustomerId == customerId, cancellationToken);
        Money? previous = limit is null ? null : new Money(limit.Amount, limit.Currency);
        if (limit is null)
        {
            limit = new CreditLimit { Id = Ids.New(timeProvider), CompanyId = db.CurrentCompanyId, CustomerId = customerId, Currency = currency };
            db.Limits.Add(limit);
        }

        limit.Amount = amount;
        limit.Currency = currency;
        limit.ValidUntil = validUntil;
        limit.ReviewDate = reviewDate;
        limit.Score = score.Score;
        limit.RiskClass = score.RiskClass;
        limit.UpdatedAt = now;
        db.LimitChanges.Add(new CreditLimitChange
        {
            Id = Ids.New(timeProvider),
            CompanyId = db.CurrentCompanyId,
            CustomerId = customerId,
            RequestId = requestId,
            PreviousAmount = previous?.Amount,
            PreviousCurrency = previous?.Currency,
            Amount = amount,
            Currency = currency,
            ValidUntil = validUntil,
            ReviewDate = reviewDate,
            RiskClass = score.RiskClass,
            Score = score.Score,
            Reason = reason.Length > 1000 ? reason[..1000] : reason,
            RequestedBy = requestedBy,
            ApprovedBy = approvedBy,
            ApproverRole = approverRole,
            At = now,
        });
        var today = await clock.TodayAsync(db.CurrentCompanyId, cancellationToken);
        db.Publish(new CreditLimitChanged(db.CurrentCompanyId, customerId, new Money(amount, currency), previous, reviewDate, today));
        return limit;
    }
}
