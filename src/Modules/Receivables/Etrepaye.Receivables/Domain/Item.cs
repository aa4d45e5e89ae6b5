using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Receivables.Domain;

internal enum ItemType
{
    Invoice,
    CreditNote,
    Payment,
    Adjustment,
}

internal enum ItemStatus
{
    Open,
    Settled,
}

/// <summary>
/// A ledger item. Invoices and adjustments are debits (what the customer owes); credit notes and payments are credits
/// whose open amount is what is not yet allocated (unapplied cash, unused credit). Amounts are positive, except an
/// adjustment, which may be negative.
/// </summary>
internal sealed class Item : ICompanyOwned, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid CustomerId { get; set; }

    public ItemType Type { get; init; }

    /// <summary>Unique per company and type; the key of imports.</summary>
    public required string Reference { get; init; }

    public required string Currency { get; set; }

    public DateOnly IssueDate { get; set; }

    public DateOnly? DueDate { get; set; }

    public decimal Amount { get; set; }

    public decimal OpenAmount { get; set; }

    public ItemStatus Status { get; set; }

    public bool Disputed { get; set; }

    /// <summary>The day the item stopped being open (it is open on D when IssueDate ≤ D &lt; SettledDate).</summary>
    public DateOnly? SettledDate { get; set; }

    /// <summary>The last import that saw this item in its file (full imports settle the open items it did not see).</summary>
    public Guid? LastImportId { get; set; }

    public long Version { get; set; }

    public bool IsDebit => Type is ItemType.Invoice or ItemType.Adjustment;

    public void Settle(DateOnly date)
    {
        OpenAmount = 0m;
        Status = ItemStatus.Settled;
        SettledDate = date;
    }

    /// <summary>Takes an allocated amount off the open amount; at zero the item is settled on that date.</summary>
    public void Reduce(decimal amount, DateOnly date)
    {
        OpenAmount -= amount;
        if (OpenAmount == 0m)
        {
            Settle(date);
        }
    }
}

/// <summary>
/// Part of a credit (payment, credit note) applied to a debit (invoice, adjustment) on a date. An allocation without a
/// source records a settlement reported by an import (a settled amount with no payment item in the file).
/// </summary>
internal sealed class Allocation : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid? SourceItemId { get; init; }

    public Guid TargetItemId { get; init; }

    /// <summary>In the source's currency: what is taken off the source.</summary>
    public decimal Amount { get; init; }

    /// <summary>In the target's currency, when it differs from the source's: what is taken off the target (Amount × Rate).</summary>
    public decimal? TargetAmount { get; init; }

    /// <summary>The company's rate from the source's currency to the target's, as of <see cref="RateDate"/>, when converted.</summary>
    public decimal? Rate { get; init; }

    public DateOnly? RateDate { get; init; }

    public DateOnly Date { get; init; }

    /// <summary>What the allocation takes off its target, in the target's currency.</summary>
    public decimal AmountOnTarget => TargetAmount ?? Amount;
}

/// <summary>One unit of <see cref="FromCurrency"/> is worth <see cref="Rate"/> units of <see cref="ToCurrency"/> from <see cref="Date"/> on.</summary>
internal sealed class ExchangeRate : ICompanyOwned, IAudited
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public DateOnly Date { get; init; }

    public required string FromCurrency { get; init; }

    public required string ToCurrency { get; init; }

    public decimal Rate { get; set; }
}

/// <summary>The last business day for which the daily overdue check ran for a company.</summary>
internal sealed class OverdueCheck : ICompanyOwned
{
    public Guid CompanyId { get; init; }

    public DateOnly LastCheckedDate { get; set; }
}
