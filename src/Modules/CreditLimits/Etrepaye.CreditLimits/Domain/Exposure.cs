using Etrepaye.Shared.Tenancy;

namespace Etrepaye.CreditLimits.Domain;

/// <summary>
/// The module's view of a customer account: its group head (the top of its parent chain) and whether it is blocked. Kept
/// from the ledger's events, so that an order check reads rows of this module only.
/// </summary>
internal sealed class CreditAccount : ICompanyOwned
{
    public Guid CustomerId { get; init; }

    public Guid CompanyId { get; init; }

    public Guid? ParentCustomerId { get; set; }

    public Guid GroupHeadId { get; set; }

    public required string Currency { get; set; }

    public bool Blocked { get; set; }

    public string? BlockedReason { get; set; }

    public DateOnly? BlockedOn { get; set; }

    /// <summary>When the ledger's figures were last read for it.</summary>
    public DateTimeOffset RefreshedAt { get; set; }
}

/// <summary>
/// One link of a customer's chain of parents, itself included at depth 0: a limit on any customer covers every customer that
/// has it as an ancestor, so a subtree is one index range whatever its depth. Kept from the ledger's parent links.
/// </summary>
internal sealed class AccountAncestor : ICompanyOwned
{
    public Guid CustomerId { get; init; }

    public Guid AncestorId { get; init; }

    public Guid CompanyId { get; init; }

    /// <summary>0 for the customer itself, 1 for its parent, and so on up to the group head.</summary>
    public int Depth { get; set; }
}

/// <summary>A customer's exposure in one currency: its ledger balance (refreshed on each ledger event) and its open orders.</summary>
internal sealed class ExposureLine : ICompanyOwned
{
    public Guid CustomerId { get; init; }

    public required string Currency { get; init; }

    public Guid CompanyId { get; init; }

    public Guid GroupHeadId { get; set; }

    /// <summary>Open debits less unapplied credits.</summary>
    public decimal OpenReceivables { get; set; }

    public decimal Overdue { get; set; }

    public decimal OpenOrders { get; set; }

    public decimal DraftInvoices { get; set; }
}

/// <summary>A block or unblock of an account, with who and why.</summary>
internal sealed class AccountBlockChange : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; init; }

    public bool Blocked { get; init; }

    public required string Reason { get; init; }

    public required string By { get; init; }

    public DateOnly On { get; init; }

    public DateTimeOffset At { get; init; }
}

internal enum OrderKind
{
    Order,
    DraftInvoice,
}

internal enum OrderStatus
{
    Open,
    Closed,
}

/// <summary>An order (or a draft invoice) not yet invoiced, recorded through the API or an import.</summary>
internal sealed class OpenOrder : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; set; }

    public required string Reference { get; init; }

    public OrderKind Kind { get; set; }

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    public DateOnly OrderDate { get; set; }

    public OrderStatus Status { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}

internal enum CheckDecision
{
    Approved,
    Blocked,
    Released,
}

/// <summary>One answer of the order check, kept for the order-check history; a blocked one may be released.</summary>
internal sealed class OrderCheck : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; init; }

    public string? OrderReference { get; init; }

    public decimal Amount { get; init; }

    public required string Currency { get; init; }

    public CheckDecision Decision { get; set; }

    /// <summary>Comma-separated reasons (AccountBlocked, NoLimit, LimitExpired, OverLimit, ExchangeRateMissing).</summary>
    public required string Reasons { get; init; }

    /// <summary>The exposure after the order under the binding limit, in that limit's currency.</summary>
    public decimal? Exposure { get; init; }

    public decimal? LimitAmount { get; init; }

    public string? LimitCurrency { get; init; }

    public DateTimeOffset CheckedAt { get; init; }

    public required string CheckedBy { get; init; }

    public string? ReleasedBy { get; set; }

    public DateTimeOffset? ReleasedAt { get; set; }

    public string? ReleaseReason { get; set; }
}

/// <summary>The day the daily review check last ran for a company.</summary>
internal sealed class CreditDailyCheck : ICompanyOwned
{
    public Guid CompanyId { get; init; }

    public DateOnly LastCheckedDate { get; set; }
}
