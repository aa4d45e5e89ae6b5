using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Documents;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Disputes.Domain;

internal enum DisputeStatus
{
    Open,
    WaitingForCustomer,
    WaitingInternally,
    Resolved,
    Rejected,
    Cancelled,
}

internal enum DisputeOutcome
{
    CreditNoteExpected,
    PartiallyAccepted,
    Rejected,
    Cancelled,
}

/// <summary>
/// A customer contests one or several of its invoices, for their full or a partial amount. While it is not closed its
/// amount is held out of collection; resolved, the accepted part stays held until its credit note arrives.
/// </summary>
internal sealed class Dispute : ICompanyOwned, IAudited, IVersioned
{
    public static readonly DisputeStatus[] NotClosed = [DisputeStatus.Open, DisputeStatus.WaitingForCustomer, DisputeStatus.WaitingInternally];

    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    /// <summary>The company's running number, shown as the reference (DSP-000042).</summary>
    public int Number { get; init; }

    public Guid CustomerId { get; init; }

    public required string ReasonCode { get; set; }

    public required string Description { get; set; }

    public required string Currency { get; init; }

    public decimal Amount { get; set; }

    /// <summary>The department that owns the answer (from the reason unless set).</summary>
    public required string OwnerDepartment { get; set; }

    /// <summary>The e-mail of the member who owns it, when a person does.</summary>
    public string? OwnerEmail { get; set; }

    public DisputeStatus Status { get; set; }

    public DateOnly OpenedOn { get; init; }

    public DateOnly DueDate { get; set; }

    public required string OpenedBy { get; init; }

    /// <summary>Where it came from: Manual, CallOutcome or Procedure.</summary>
    public required string Source { get; init; }

    public DateOnly? ClosedOn { get; set; }

    public DisputeOutcome? Outcome { get; set; }

    public string? ResolutionComment { get; set; }

    public string? DecidedBy { get; set; }

    public decimal AcceptedAmount { get; set; }

    /// <summary>The credit note's number, when the resolution announced it.</summary>
    public string? ExpectedCreditNoteReference { get; set; }

    public Guid? CreditNoteId { get; set; }

    public DateOnly? SettledOn { get; set; }

    /// <summary>What the customer may read about it in reminders.</summary>
    public string? PublicNote { get; set; }

    public Guid? ProcedureInstanceId { get; set; }

    public long Version { get; set; }

    public string Reference => $"DSP-{Number:D6}";

    public bool IsClosed => !NotClosed.Contains(Status);

    /// <summary>Resolved with an accepted amount whose credit note has not been recorded yet.</summary>
    public bool AwaitsCreditNote => Status == DisputeStatus.Resolved && AcceptedAmount > 0m && SettledOn is null;
}

/// <summary>An invoice's part in a dispute.</summary>
internal sealed class DisputeLine : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid DisputeId { get; init; }

    public Guid InvoiceId { get; init; }

    public required string InvoiceReference { get; init; }

    public DateOnly? InvoiceDueDate { get; init; }

    public decimal Amount { get; init; }

    /// <summary>The part accepted at resolution (a credit note is expected for it).</summary>
    public decimal AcceptedAmount { get; set; }
}

/// <summary>A reason a company's customers dispute for, with the department that answers it and its deadline.</summary>
internal sealed class DisputeReason : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public required string Code { get; init; }

    public required string Name { get; set; }

    public required string OwnerDepartment { get; set; }

    public int SlaBusinessDays { get; set; }

    public bool Active { get; set; } = true;

    public long Version { get; set; }
}

internal enum DisputeNoteKind
{
    Comment,
    StatusChange,
    Resolution,
    InternalAnswer,
    Settlement,
}

/// <summary>The dispute's timeline: comments (with mentions), status changes, resolutions, answers through a link.</summary>
internal sealed class DisputeNote : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid DisputeId { get; init; }

    public DisputeNoteKind Kind { get; init; }

    public DateTimeOffset At { get; init; }

    public required string Author { get; init; }

    public required string Text { get; init; }

    /// <summary>The e-mails of the members mentioned, one per line.</summary>
    public string[] Mentions { get; init; } = [];
}

internal sealed class DisputeDocument : StoredDocument, IAudited
{
    public Guid DisputeId { get; init; }
}

internal enum InternalRequestStatus
{
    Pending,
    Answered,
    Revoked,
}

/// <summary>
/// A question to the department that owns a dispute, sent by e-mail with a link that lets a colleague without an account
/// read this one dispute and answer once. The row is also the outgoing e-mail: the mailer sends the pending ones.
/// </summary>
internal sealed class InternalRequest : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid DisputeId { get; init; }

    public required string Department { get; init; }

    public required string RecipientEmail { get; init; }

    public required string Message { get; init; }

    /// <summary>SHA-256 of the link's token; the token itself is only in <see cref="Link"/> until the mail is sent.</summary>
    public required string TokenHash { get; init; }

    /// <summary>The link the e-mail carries (it opens the dispute: kept out of the audit log).</summary>
    public required string Link { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public InternalRequestStatus Status { get; set; }

    /// <summary>Pending until the mailer sends the e-mail, then Sent (or Failed).</summary>
    public required string MailStatus { get; set; }

    public DateTimeOffset? MailSentAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? AnsweredBy { get; set; }

    public string? Answer { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public long Version { get; set; }
}

/// <summary>The running number of a company's disputes.</summary>
internal sealed class DisputeCounter : ICompanyOwned, IVersioned
{
    public Guid CompanyId { get; init; }

    public int LastNumber { get; set; }

    public long Version { get; set; }
}
