using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features;

public sealed record DisputeLineResponse(Guid InvoiceId, string InvoiceReference, DateOnly? InvoiceDueDate, decimal Amount, decimal AcceptedAmount);

/// <param name="HeldAmount">What the dispute holds out of collection now: its amount while not closed, the accepted amount while its credit note is awaited.</param>
public sealed record DisputeResponse(
    Guid Id, string Reference, Guid CustomerId, string Reason, string Description, string Currency, decimal Amount, string OwnerDepartment, string? OwnerEmail,
    string Status, DateOnly OpenedOn, DateOnly DueDate, string OpenedBy, string Source, DateOnly? ClosedOn, string? Outcome, string? ResolutionComment,
    string? DecidedBy, decimal AcceptedAmount, string? ExpectedCreditNoteReference, Guid? CreditNoteId, DateOnly? SettledOn, string? PublicNote,
    decimal HeldAmount, Guid? ProcedureInstanceId, IReadOnlyList<DisputeLineResponse> Lines, long Version)
{
    internal static DisputeResponse From(Dispute d, IEnumerable<DisputeLine> lines) => new(
        d.Id, d.Reference, d.CustomerId, d.ReasonCode, d.Description, d.Currency, d.Amount, d.OwnerDepartment, d.OwnerEmail, d.Status.ToString(), d.OpenedOn,
        d.DueDate, d.OpenedBy, d.Source, d.ClosedOn, d.Outcome?.ToString(), d.ResolutionComment, d.DecidedBy, d.AcceptedAmount, d.ExpectedCreditNoteReference,
        d.CreditNoteId, d.SettledOn, d.PublicNote, DisputeRules.Held(d), d.ProcedureInstanceId,
        [.. lines.OrderBy(l => l.InvoiceReference).Select(l => new DisputeLineResponse(l.InvoiceId, l.InvoiceReference, l.InvoiceDueDate, l.Amount, l.AcceptedAmount))],
        d.Version);
}

public sealed record DisputeNoteResponse(Guid Id, string Kind, DateTimeOffset At, string Author, string Text, IReadOnlyList<string> Mentions);

public sealed record DisputeDocumentResponse(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, string UploadedBy);

/// <param name="MailStatus">Pending until the mailer sends the e-mail.</param>
public sealed record InternalRequestResponse(
    Guid Id, Guid DisputeId, string Department, string RecipientEmail, string Message, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset ExpiresAt,
    string Status, string MailStatus, DateTimeOffset? AnsweredAt, string? AnsweredBy, string? Answer, DateTimeOffset? RevokedAt, long Version)
{
    internal static InternalRequestResponse From(InternalRequest r) => new(
        r.Id, r.DisputeId, r.Department, r.RecipientEmail, r.Message, r.CreatedAt, r.CreatedBy, r.ExpiresAt, r.Status.ToString(), r.MailStatus, r.AnsweredAt,
        r.AnsweredBy, r.Answer, r.RevokedAt, r.Version);
}

public sealed record DisputeDetailResponse(
    DisputeResponse Dispute, IReadOnlyList<DisputeNoteResponse> Timeline, IReadOnlyList<DisputeDocumentResponse> Documents, IReadOnlyList<InternalRequestResponse> Requests);

/// <summary>The rules every change of a dispute shares.</summary>
internal static class DisputeRules
{
    public static decimal Held(Dispute dispute) => !dispute.IsClosed ? dispute.Amount : dispute.AwaitsCreditNote ? dispute.AcceptedAmount : 0m;

    public static async Task<Dispute> LoadAsync(DisputesDbContext db, Guid disputeId, long? version, CancellationToken cancellationToken)
    {
        var dispute = await db.Disputes.SingleOrDefaultAsync(d => d.Id == disputeId, cancellationToken) ?? throw new NotFoundException("Dispute", disputeId);
        if (version is { } expected && expected != dispute.Version)
        {
            throw new ConflictException($"Dispute {dispute.Reference} was changed by someone else (version {dispute.Version}, you sent {expected}): reload it and try again.");
        }

        return dispute;
    }

    /// <summary>A closed dispute (resolved, rejected, cancelled) does not change any more: 409 naming what was tried.</summary>
    public static void EnsureNotClosed(Dispute dispute, string what)
    {
        if (dispute.IsClosed)
        {
            throw new ConflictException($"Dispute {dispute.Reference} is {dispute.Status}: it cannot {what} any more.");
        }
    }

    public static DisputeNote AddNote(DisputesDbContext db, Dispute dispute, DisputeNoteKind kind, string author, string text, TimeProvider timeProvider, string[]? mentions = null) =>
        db.Notes.Add(new DisputeNote
        {
            Id = Ids.New(timeProvider),
            CompanyId = dispute.CompanyId,
            DisputeId = dispute.Id,
            Kind = kind,
            At = timeProvider.GetUtcNow(),
            Author = author,
            Text = text,
            Mentions = mentions ?? [],
        }).Entity;

    public static async Task<DisputeResponse> ResponseAsync(DisputesDbContext db, Dispute dispute, CancellationToken cancellationToken) =>
        DisputeResponse.From(dispute, await db.Lines.Where(l => l.DisputeId == dispute.Id).ToListAsync(cancellationToken));
}
