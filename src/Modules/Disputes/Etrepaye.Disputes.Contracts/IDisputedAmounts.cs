namespace Etrepaye.Disputes.Contracts;

/// <summary>What is in dispute now, for the company in the current request context: collection leaves it out of reminders, interest and the case's leader item.</summary>
public interface IDisputedAmounts
{
    /// <summary>
    /// The amount of each invoice held out of collection by disputes: open disputes' amounts plus amounts accepted and awaiting
    /// their credit note. Invoices without such an amount are left out of the result.
    /// </summary>
    /// <param name="invoiceIds">The invoices asked about.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Per invoice, the amount held out, in the invoice's currency.</returns>
    Task<IReadOnlyDictionary<Guid, decimal>> GetHeldAmountsAsync(IReadOnlyCollection<Guid> invoiceIds, CancellationToken cancellationToken);

    /// <summary>A customer's disputes that are not closed (open, waiting for the customer, waiting internally), newest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<OpenDisputeDto>> GetOpenDisputesAsync(Guid customerId, CancellationToken cancellationToken);

    /// <summary>The disputes not closed of several customers, newest first, in two queries (a batch of reminders); customers without any are left out.</summary>
    /// <param name="customerIds">The customers.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<OpenDisputeDto>>> GetOpenDisputesOfCustomersAsync(IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken);
}

/// <summary>A dispute that is not closed.</summary>
/// <param name="DisputeId">The dispute.</param>
/// <param name="Reference">Its number, shown to the customer.</param>
/// <param name="Reason">The reason's code.</param>
/// <param name="Status">Open, WaitingForCustomer or WaitingInternally.</param>
/// <param name="OpenedOn">When it was opened.</param>
/// <param name="DueDate">When it should be answered (the reason's SLA in business days).</param>
/// <param name="Invoices">The invoices and amounts disputed.</param>
/// <param name="PublicNote">The note the customer may read in reminders, if any.</param>
public sealed record OpenDisputeDto(
    Guid DisputeId, string Reference, string Reason, string Status, DateOnly OpenedOn, DateOnly DueDate, IReadOnlyList<DisputedInvoice> Invoices, string? PublicNote);
