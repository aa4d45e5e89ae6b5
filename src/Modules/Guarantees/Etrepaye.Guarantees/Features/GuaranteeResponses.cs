using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Shared.Errors;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features;

public sealed record GuaranteeResponse(
    Guid Id, Guid CustomerId, bool CoversGroup, string Type, string IssuerName, string? IssuerReference, string? BeneficiaryLegalEntityCode,
    decimal Amount, string Currency, DateOnly StartDate, DateOnly ExpiryDate, DateOnly ClaimDeadline, string Scope, IReadOnlyList<string> ScopeReferences,
    string Status, DateOnly? ActivatedOn, DateOnly? ReleasedOn, decimal AmountCalled, string? Notes, long Version)
{
    internal static GuaranteeResponse From(Guarantee g, decimal amountCalled) => new(
        g.Id, g.CustomerId, g.CoversGroup, g.Type.ToString(), g.IssuerName, g.IssuerReference, g.BeneficiaryLegalEntityCode, g.Amount, g.Currency,
        g.StartDate, g.ExpiryDate, g.ClaimDeadline, g.Scope.ToString(), g.ScopeReferences, g.Status.ToString(), g.ActivatedOn, g.ReleasedOn, amountCalled, g.Notes,
        g.Version);
}

public sealed record GuaranteeStatusChangeResponse(string? FromStatus, string ToStatus, DateOnly EffectiveDate, DateTimeOffset At, string ChangedBy, string? Reason);

public sealed record GuaranteeDocumentResponse(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, string UploadedBy);

public sealed record GuaranteeCallResponse(
    Guid Id, Guid GuaranteeId, Guid CustomerId, decimal Amount, string Currency, DateOnly CalledOn, IReadOnlyList<Guid> InvoiceIds, string? Reason,
    decimal AmountReceived, decimal Outstanding, string Status, string CalledBy, IReadOnlyList<CallReceiptResponse> Receipts);

public sealed record CallReceiptResponse(Guid Id, decimal Amount, DateOnly ReceivedOn, string? Reference, string RecordedBy);

public sealed record GuaranteeDetailResponse(
    GuaranteeResponse Guarantee, IReadOnlyList<GuaranteeStatusChangeResponse> History, IReadOnlyList<GuaranteeDocumentResponse> Documents,
    IReadOnlyList<GuaranteeCallResponse> Calls);

internal static class GuaranteeReads
{
    public static async Task<Guarantee> FindAsync(GuaranteesDbContext db, Guid guaranteeId, CancellationToken cancellationToken) =>
        await db.Guarantees.SingleOrDefaultAsync(g => g.Id == guaranteeId, cancellationToken) ?? throw new NotFoundException("Guarantee", guaranteeId);

    public static async Task<decimal> AmountCalledAsync(GuaranteesDbContext db, Guid guaranteeId, CancellationToken cancellationToken) =>
        (await db.Calls.AsNoTracking().Where(c => c.GuaranteeId == guaranteeId).Select(c => c.Amount).ToListAsync(cancellationToken)).Sum();

    public static async Task<GuaranteeCallResponse> CallResponseAsync(GuaranteesDbContext db, GuaranteeCall call, CancellationToken cancellationToken)
    {
        var receipts = await db.CallReceipts.AsNoTracking().Where(r => r.CallId == call.Id).OrderBy(r => r.ReceivedOn).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        return CallResponse(call, receipts);
    }

    public static GuaranteeCallResponse CallResponse(GuaranteeCall c, IEnumerable<GuaranteeCallReceipt> receipts) => new(
        c.Id, c.GuaranteeId, c.CustomerId, c.Amount, c.Currency, c.CalledOn, c.InvoiceIds, c.Reason, c.AmountReceived, c.Amount - c.AmountReceived,
        c.Status.ToString(), c.CalledBy, receipts.Select(r => new CallReceiptResponse(r.Id, r.Amount, r.ReceivedOn, r.Reference, r.RecordedBy)).ToList());

    public static void AddHistory(
        GuaranteesDbContext db, Guarantee guarantee, GuaranteeStatus to, DateOnly effectiveDate, string changedBy, string? reason, DateTimeOffset at, Guid id)
    {
        db.StatusChanges.Add(new GuaranteeStatusChange
        {
            Id = id,
            CompanyId = guarantee.CompanyId,
            GuaranteeId = guarantee.Id,
            FromStatus = db.Entry(guarantee).State == EntityState.Added ? null : guarantee.Status,
            ToStatus = to,
            EffectiveDate = effectiveDate,
            At = at,
            ChangedBy = changedBy,
            Reason = reason,
        });
        guarantee.Status = to;
    }
}
