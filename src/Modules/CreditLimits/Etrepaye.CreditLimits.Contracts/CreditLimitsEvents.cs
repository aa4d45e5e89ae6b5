using Etrepaye.Shared.Contracts;

namespace Etrepaye.CreditLimits.Contracts;

/// <summary>A customer's account was blocked: order checks answer "blocked" until it is unblocked.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Reason">Why.</param>
/// <param name="BlockedOn">The business date.</param>
public sealed record CustomerBlocked(Guid CompanyId, Guid CustomerId, string Reason, DateOnly BlockedOn) : IIntegrationEvent;

/// <summary>A customer's account was unblocked.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Reason">Why.</param>
/// <param name="UnblockedOn">The business date.</param>
public sealed record CustomerUnblocked(Guid CompanyId, Guid CustomerId, string Reason, DateOnly UnblockedOn) : IIntegrationEvent;

/// <summary>A credit limit was set or changed (after its approval when one was needed).</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer (or the head of the group the limit covers).</param>
/// <param name="Limit">The new limit and its currency; zero means no credit.</param>
/// <param name="PreviousLimit">The limit before, if there was one.</param>
/// <param name="ReviewDate">When it must be reviewed, if set.</param>
/// <param name="ChangedOn">The business date.</param>
public sealed record CreditLimitChanged(Guid CompanyId, Guid CustomerId, Money Limit, Money? PreviousLimit, DateOnly? ReviewDate, DateOnly ChangedOn)
    : IIntegrationEvent;
