using Etrepaye.Shared.Contracts;

namespace Etrepaye.Receivables.Contracts;

/// <summary>An invoice was recorded in the ledger.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer who owes it.</param>
/// <param name="InvoiceId">The invoice.</param>
/// <param name="Reference">The invoice number.</param>
/// <param name="Amount">Its amount and currency.</param>
/// <param name="IssueDate">Its issue date.</param>
/// <param name="DueDate">Its due date.</param>
public sealed record InvoiceIssued(Guid CompanyId, Guid CustomerId, Guid InvoiceId, string Reference, Money Amount, DateOnly IssueDate, DateOnly DueDate)
    : IIntegrationEvent;

/// <summary>An open invoice passed its due date (found by the daily check at the company's local midnight).</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer who owes it.</param>
/// <param name="InvoiceId">The invoice.</param>
/// <param name="Reference">The invoice number.</param>
/// <param name="OpenAmount">What is still owed on it.</param>
/// <param name="DueDate">The date it was due.</param>
public sealed record InvoiceBecameOverdue(Guid CompanyId, Guid CustomerId, Guid InvoiceId, string Reference, Money OpenAmount, DateOnly DueDate)
    : IIntegrationEvent;

/// <summary>A payment from a customer was recorded (it may still be unapplied).</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The paying customer.</param>
/// <param name="PaymentId">The payment.</param>
/// <param name="Reference">The payment's reference.</param>
/// <param name="Amount">Its amount and currency.</param>
/// <param name="ReceivedOn">The date it was received.</param>
public sealed record PaymentReceived(Guid CompanyId, Guid CustomerId, Guid PaymentId, string Reference, Money Amount, DateOnly ReceivedOn)
    : IIntegrationEvent;

/// <summary>An invoice has nothing left open: it was paid, credited or settled.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="InvoiceId">The invoice.</param>
/// <param name="Reference">The invoice number.</param>
/// <param name="SettledOn">The date of the settlement.</param>
public sealed record InvoiceSettled(Guid CompanyId, Guid CustomerId, Guid InvoiceId, string Reference, DateOnly SettledOn) : IIntegrationEvent;

/// <summary>A customer has no open overdue item left (collection of that account can end).</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="On">The date the last overdue item was settled.</param>
public sealed record CustomerAccountSettled(Guid CompanyId, Guid CustomerId, DateOnly On) : IIntegrationEvent;

/// <summary>A credit note was recorded for a customer.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer credited.</param>
/// <param name="CreditNoteId">The credit note.</param>
/// <param name="Reference">Its number.</param>
/// <param name="Amount">Its amount and currency.</param>
/// <param name="IssueDate">Its issue date.</param>
public sealed record CreditNoteIssued(Guid CompanyId, Guid CustomerId, Guid CreditNoteId, string Reference, Money Amount, DateOnly IssueDate)
    : IIntegrationEvent;

/// <summary>A settled invoice is open again: a ledger import showed it open after it had been settled (for example by a full import that did not list it).</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer who owes it.</param>
/// <param name="InvoiceId">The invoice.</param>
/// <param name="Reference">The invoice number.</param>
/// <param name="OpenAmount">What is owed on it again.</param>
/// <param name="DueDate">Its due date.</param>
/// <param name="ReopenedOn">The date of the import that reopened it.</param>
public sealed record InvoiceReopened(Guid CompanyId, Guid CustomerId, Guid InvoiceId, string Reference, Money OpenAmount, DateOnly DueDate, DateOnly ReopenedOn)
    : IIntegrationEvent;

/// <summary>
/// A customer's parent in the group structure changed (it joined a group, left one, or moved to another parent). Published in
/// the transaction of the change, so that what is kept per group (credit limits' consolidated exposure) follows it.
/// </summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer whose parent changed; its own subsidiaries move with it.</param>
/// <param name="PreviousParentCustomerId">Its parent before the change, null when it had none.</param>
/// <param name="ParentCustomerId">Its parent now, null when it has none.</param>
public sealed record CustomerParentChanged(Guid CompanyId, Guid CustomerId, Guid? PreviousParentCustomerId, Guid? ParentCustomerId) : IIntegrationEvent;
