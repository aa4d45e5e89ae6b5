using Etrepaye.Shared.Contracts;

namespace Etrepaye.Collection.Contracts;

/// <summary>A collection case was opened for a customer account with overdue (or soon due) items; its procedure was started.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer account.</param>
/// <param name="CaseId">The case.</param>
/// <param name="OpenedOn">The business date it was opened.</param>
public sealed record CollectionCaseOpened(Guid CompanyId, Guid CustomerId, Guid CaseId, DateOnly OpenedOn) : IIntegrationEvent;

/// <summary>A collection case was closed.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer account.</param>
/// <param name="CaseId">The case.</param>
/// <param name="ClosedOn">The business date it was closed.</param>
/// <param name="Reason">Settled, WrittenOff or Cancelled.</param>
public sealed record CollectionCaseClosed(Guid CompanyId, Guid CustomerId, Guid CaseId, DateOnly ClosedOn, string Reason) : IIntegrationEvent;

/// <summary>A customer promised to pay an amount by a date.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case.</param>
/// <param name="PromiseId">The promise.</param>
/// <param name="Amount">The amount promised.</param>
/// <param name="PromisedDate">The date by which it was promised.</param>
public sealed record PromiseToPayRecorded(Guid CompanyId, Guid CustomerId, Guid CaseId, Guid PromiseId, Money Amount, DateOnly PromisedDate)
    : IIntegrationEvent;

/// <summary>A promise to pay was kept: the amount was received by the promised date plus the grace period.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case.</param>
/// <param name="PromiseId">The promise.</param>
/// <param name="KeptOn">The business date the promise was found kept.</param>
public sealed record PromiseKept(Guid CompanyId, Guid CustomerId, Guid CaseId, Guid PromiseId, DateOnly KeptOn) : IIntegrationEvent;

/// <summary>A promise to pay was broken: the amount was not received by the promised date plus the grace period (a payment incident).</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case.</param>
/// <param name="PromiseId">The promise.</param>
/// <param name="Amount">The amount promised.</param>
/// <param name="PromisedDate">The date by which it was promised.</param>
/// <param name="Shortfall">What was missing at the end of the grace period.</param>
public sealed record PromiseBroken(Guid CompanyId, Guid CustomerId, Guid CaseId, Guid PromiseId, Money Amount, DateOnly PromisedDate, Money Shortfall)
    : IIntegrationEvent;

/// <summary>A payment plan was agreed with a customer.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case.</param>
/// <param name="PlanId">The plan.</param>
/// <param name="Total">The sum of its instalments.</param>
/// <param name="Instalments">How many instalments.</param>
/// <param name="FirstDueDate">The first instalment's due date.</param>
/// <param name="LastDueDate">The last instalment's due date.</param>
public sealed record PaymentPlanAgreed(
    Guid CompanyId, Guid CustomerId, Guid CaseId, Guid PlanId, Money Total, int Instalments, DateOnly FirstDueDate, DateOnly LastDueDate) : IIntegrationEvent;

/// <summary>An instalment of a payment plan was not paid by its due date (a payment incident).</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case.</param>
/// <param name="PlanId">The plan.</param>
/// <param name="InstalmentNumber">The instalment's number, from 1.</param>
/// <param name="DueDate">Its due date.</param>
/// <param name="Shortfall">What was missing on it.</param>
public sealed record PaymentPlanInstalmentMissed(
    Guid CompanyId, Guid CustomerId, Guid CaseId, Guid PlanId, int InstalmentNumber, DateOnly DueDate, Money Shortfall) : IIntegrationEvent;

/// <summary>A formal notice (mise en demeure) was sent to a customer (a payment incident).</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case.</param>
/// <param name="MessageId">The letter in the communications archive.</param>
/// <param name="SentOn">The business date it was sent.</param>
/// <param name="Principal">The overdue principal it claims, in the case's main currency.</param>
/// <param name="Interest">The late-payment interest it claims.</param>
/// <param name="Indemnity">The fixed recovery indemnities it claims.</param>
public sealed record FormalNoticeSent(
    Guid CompanyId, Guid CustomerId, Guid CaseId, Guid MessageId, DateOnly SentOn, Money Principal, Money Interest, Money Indemnity) : IIntegrationEvent;

/// <summary>A procedure asked for a customer's account to be blocked (no new orders): the CreditLimits module acts on it.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case that asked, if any.</param>
/// <param name="Reason">Why, as written in the procedure or by the operator.</param>
/// <param name="RequestedOn">The business date.</param>
public sealed record CustomerBlockRequested(Guid CompanyId, Guid CustomerId, Guid? CaseId, string Reason, DateOnly RequestedOn) : IIntegrationEvent;

/// <summary>A procedure asked for a customer's account to be unblocked: the CreditLimits module acts on it.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case that asked, if any.</param>
/// <param name="Reason">Why.</param>
/// <param name="RequestedOn">The business date.</param>
public sealed record CustomerUnblockRequested(Guid CompanyId, Guid CustomerId, Guid? CaseId, string Reason, DateOnly RequestedOn) : IIntegrationEvent;

/// <summary>
/// A procedure handed a collection case over to an external collection agency (a payment incident). The agency side of the
/// Collection module opens the agency's case; the case stops being dunned by the company while the agency holds it.
/// </summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case.</param>
/// <param name="AgencyId">The agency.</param>
/// <param name="InvoiceIds">The items handed over.</param>
/// <param name="Amount">Their open amount when handed over.</param>
/// <param name="HandedOverOn">The business date.</param>
public sealed record CaseHandedOverToAgency(
    Guid CompanyId, Guid CustomerId, Guid CaseId, Guid AgencyId, IReadOnlyList<Guid> InvoiceIds, Money Amount, DateOnly HandedOverOn) : IIntegrationEvent;

/// <summary>A case was recalled from (or closed by) its agency: the company collects it again, or it is over.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case.</param>
/// <param name="AgencyId">The agency.</param>
/// <param name="Reason">Recalled, or the agency's closing outcome (Recovered, PartiallyRecovered, Unrecoverable).</param>
/// <param name="On">The business date.</param>
public sealed record CaseReturnedFromAgency(Guid CompanyId, Guid CustomerId, Guid CaseId, Guid AgencyId, string Reason, DateOnly On) : IIntegrationEvent;

/// <summary>
/// A message a procedure asked to be confirmed before sending was rendered and stored: the activity waiting for it shows the
/// operator the text (a task) before anything is sent.
/// </summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case.</param>
/// <param name="MessageId">The stored message.</param>
/// <param name="Status">AwaitingConfirmation, or Cancelled when there was nothing to send (then <paramref name="StatusReason"/> says why).</param>
/// <param name="StatusReason">Why it was cancelled.</param>
/// <param name="Channel">Email, Letter or Sms.</param>
/// <param name="Recipient">To whom it would go.</param>
/// <param name="Subject">The rendered subject.</param>
/// <param name="Body">The rendered body.</param>
public sealed record CollectionMessageAwaitingConfirmation(
    Guid CompanyId, Guid CustomerId, Guid CaseId, Guid MessageId, string Status, string? StatusReason, string Channel, string Recipient, string Subject, string Body)
    : IIntegrationEvent;

/// <summary>
/// A colleague answered an escalation through the e-mail's signed link: the answer is in the case's history, and a procedure waiting
/// for it (correlated by <c>company</c>, <c>customer</c>, <c>case</c> and <c>link</c>) goes on.
/// </summary>
/// <param name="CompanyId">The company.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="CaseId">The collection case.</param>
/// <param name="LinkId">The link answered.</param>
/// <param name="AnsweredBy">The name the colleague gave (the link is not tied to an account).</param>
/// <param name="RecipientEmail">Where the link was sent.</param>
/// <param name="Answer">The answer.</param>
/// <param name="AnsweredAt">When.</param>
public sealed record CaseEscalationAnswered(
    Guid CompanyId, Guid CustomerId, Guid CaseId, Guid LinkId, string AnsweredBy, string RecipientEmail, string Answer, DateTimeOffset AnsweredAt)
    : IIntegrationEvent;
