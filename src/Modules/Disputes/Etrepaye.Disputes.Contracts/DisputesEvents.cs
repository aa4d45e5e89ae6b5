using Etrepaye.Shared.Contracts;

namespace Etrepaye.Disputes.Contracts;

/// <summary>An invoice's part in a dispute.</summary>
/// <param name="InvoiceId">The invoice (a Receivables item).</param>
/// <param name="Amount">The amount of it disputed, in the invoice's currency.</param>
public sealed record DisputedInvoice(Guid InvoiceId, Money Amount);

/// <summary>A customer disputes one or several invoices, for their full or a partial amount: that amount leaves collection.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="DisputeId">The dispute.</param>
/// <param name="Reason">The reason's code from the company's list (price, quantity, quality, delivery, billing-error, duplicate, other…).</param>
/// <param name="Invoices">The invoices and the amount of each disputed.</param>
/// <param name="OpenedOn">The business date.</param>
public sealed record DisputeOpened(Guid CompanyId, Guid CustomerId, Guid DisputeId, string Reason, IReadOnlyList<DisputedInvoice> Invoices, DateOnly OpenedOn)
    : IIntegrationEvent;

/// <summary>
/// A dispute was resolved in the customer's favour, fully or partly: the accepted amount is expected as a credit note and
/// stays out of collection; the rest of the disputed amount returns to collection.
/// </summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="DisputeId">The dispute.</param>
/// <param name="Outcome">CreditNoteExpected or PartiallyAccepted.</param>
/// <param name="Accepted">Per invoice, the amount accepted (a credit note is expected for it).</param>
/// <param name="Returned">Per invoice, the amount returned to collection (nothing for a full acceptance).</param>
/// <param name="ResolvedOn">The business date.</param>
public sealed record DisputeResolved(
    Guid CompanyId, Guid CustomerId, Guid DisputeId, string Outcome, IReadOnlyList<DisputedInvoice> Accepted, IReadOnlyList<DisputedInvoice> Returned,
    DateOnly ResolvedOn) : IIntegrationEvent;

/// <summary>A dispute was rejected (or cancelled): its whole amount returns to collection.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="DisputeId">The dispute.</param>
/// <param name="Returned">Per invoice, the amount returned to collection.</param>
/// <param name="RejectedOn">The business date.</param>
public sealed record DisputeRejected(Guid CompanyId, Guid CustomerId, Guid DisputeId, IReadOnlyList<DisputedInvoice> Returned, DateOnly RejectedOn)
    : IIntegrationEvent;
