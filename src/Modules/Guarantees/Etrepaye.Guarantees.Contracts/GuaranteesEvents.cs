using Etrepaye.Shared.Contracts;

namespace Etrepaye.Guarantees.Contracts;

/// <summary>A guarantee became active: it covers the customer's receivables from its start date to its expiry date.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="GuaranteeId">The guarantee.</param>
/// <param name="CustomerId">The customer it secures.</param>
/// <param name="Type">BankGuarantee, StandbyLetterOfCredit, DocumentaryLetterOfCredit, ParentCompanyGuarantee, Deposit or CreditInsuranceCover.</param>
/// <param name="Amount">Its amount and currency.</param>
/// <param name="StartDate">The first day it covers.</param>
/// <param name="ExpiryDate">The last day it covers.</param>
/// <param name="ClaimDeadline">The last day it can be called.</param>
public sealed record GuaranteeActivated(
    Guid CompanyId, Guid GuaranteeId, Guid CustomerId, string Type, Money Amount, DateOnly StartDate, DateOnly ExpiryDate, DateOnly ClaimDeadline)
    : IIntegrationEvent;

/// <summary>A guarantee passed its expiry date (found by the daily check): it no longer covers anything.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="GuaranteeId">The guarantee.</param>
/// <param name="CustomerId">The customer it secured.</param>
/// <param name="Type">Its type.</param>
/// <param name="ExpiryDate">The last day it covered.</param>
public sealed record GuaranteeExpired(Guid CompanyId, Guid GuaranteeId, Guid CustomerId, string Type, DateOnly ExpiryDate) : IIntegrationEvent;

/// <summary>A guarantee was called (drawn on) for an amount, for some of the customer's invoices.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="GuaranteeId">The guarantee.</param>
/// <param name="CallId">The call.</param>
/// <param name="CustomerId">The customer whose default caused it.</param>
/// <param name="Amount">The amount claimed from the issuer.</param>
/// <param name="InvoiceIds">The invoices the call is for (empty when it is for the account as a whole).</param>
/// <param name="CalledOn">The date of the call.</param>
public sealed record GuaranteeCalled(
    Guid CompanyId, Guid GuaranteeId, Guid CallId, Guid CustomerId, Money Amount, IReadOnlyList<Guid> InvoiceIds, DateOnly CalledOn)
    : IIntegrationEvent;

/// <summary>
/// Money was received from the issuer of a called guarantee. The collection case of the customer (and of the invoices
/// concerned) is updated from it by the module that owns cases.
/// </summary>
/// <param name="CompanyId">The company.</param>
/// <param name="GuaranteeId">The guarantee.</param>
/// <param name="CallId">The call.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Amount">This receipt.</param>
/// <param name="TotalReceived">Everything received on the call so far.</param>
/// <param name="Outstanding">What the issuer still owes on the call.</param>
/// <param name="InvoiceIds">The invoices the call is for.</param>
/// <param name="ReceivedOn">The date of this receipt.</param>
public sealed record GuaranteeCallProceedsReceived(
    Guid CompanyId, Guid GuaranteeId, Guid CallId, Guid CustomerId, Money Amount, Money TotalReceived, Money Outstanding,
    IReadOnlyList<Guid> InvoiceIds, DateOnly ReceivedOn)
    : IIntegrationEvent;

/// <summary>The insurer's limit on a buyer was requested, granted, reduced or cancelled.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="PolicyId">The credit-insurance policy.</param>
/// <param name="LimitId">The insured limit.</param>
/// <param name="CustomerId">The buyer.</param>
/// <param name="Status">Requested, Granted, Reduced or Cancelled.</param>
/// <param name="Amount">The limit in force from the effective date (0 when requested or cancelled).</param>
/// <param name="CoveragePercent">The share of a loss the policy pays (e.g. 90).</param>
/// <param name="EffectiveDate">The date the decision takes effect.</param>
public sealed record InsuredLimitChanged(
    Guid CompanyId, Guid PolicyId, Guid LimitId, Guid CustomerId, string Status, Money Amount, decimal CoveragePercent, DateOnly EffectiveDate)
    : IIntegrationEvent;

/// <summary>The company owes its credit insurer a duty before a deadline (declare an overdue, notify a payment plan, file a claim).</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="DutyId">The duty.</param>
/// <param name="PolicyId">The policy that imposes it.</param>
/// <param name="CustomerId">The buyer concerned.</param>
/// <param name="Type">DeclareOverdue, NotifyPaymentPlan or FileClaim.</param>
/// <param name="InvoiceId">The invoice concerned, if any.</param>
/// <param name="Deadline">The last day to fulfil it.</param>
public sealed record InsurerDutyCreated(Guid CompanyId, Guid DutyId, Guid PolicyId, Guid CustomerId, string Type, Guid? InvoiceId, DateOnly Deadline)
    : IIntegrationEvent;
