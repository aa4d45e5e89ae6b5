using System.Globalization;
using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies;

public sealed record AgencyResponse(
    Guid Id, string Name, string? ContactName, string? Email, string? Phone, decimal CommissionRate, int FirstContactDays, int ReportEveryDays,
    bool IsActive, bool IsDefault, long Version)
{
    internal static AgencyResponse From(Agency a) =>
        new(a.Id, a.Name, a.ContactName, a.Email, a.Phone, a.CommissionRate, a.FirstContactDays, a.ReportEveryDays, a.IsActive, a.IsDefault, a.Version);
}

/// <param name="Outstanding">What the agency still pursues: handed over, less collected and less paid directly to the company.</param>
public sealed record AgencyCaseResponse(
    Guid Id, Guid AgencyId, Guid CaseId, Guid CustomerId, string Status, string? Outcome, string Currency, decimal HandedOverAmount, decimal CollectedAmount,
    decimal FeesAmount, decimal DirectPaymentsAmount, decimal Outstanding, decimal CommissionRate, DateOnly HandedOverOn, DateOnly FirstContactDueOn,
    DateOnly? AcceptedOn, DateOnly? LastReportOn, DateOnly? NextActionOn, DateOnly? ReturnedOn, long Version)
{
    internal static AgencyCaseResponse From(AgencyCase c) =>
        new(c.Id, c.AgencyId, c.CaseId, c.CustomerId, c.Status.ToString(), c.Outcome?.ToString(), c.Currency, c.HandedOverAmount, c.CollectedAmount,
            c.FeesAmount, c.DirectPaymentsAmount, c.Outstanding, c.CommissionRate, c.HandedOverOn, c.FirstContactDueOn, c.AcceptedOn, c.LastReportOn,
            c.NextActionOn, c.ReturnedOn, c.Version);
}

public sealed record AgencyCaseItemResponse(Guid InvoiceId, string Reference, DateOnly IssueDate, DateOnly? DueDate, decimal Amount, decimal OpenAmount, string Currency);

public sealed record AgencyCaseDocumentResponse(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, string UploadedBy);

/// <param name="Kind">HandedOver, SupplierNote, Accepted, StatusUpdate, Recalled or Closed.</param>
public sealed record AgencyCaseEntryResponse(Guid Id, string Kind, string? Text, DateOnly? NextActionOn, DateOnly On, DateTimeOffset At, string By);

public sealed record AgencyCollectionResponse(Guid Id, decimal Amount, decimal Fee, DateOnly CollectedOn, string? Reference, DateTimeOffset RecordedAt, string RecordedBy);

public sealed record DirectPaymentResponse(Guid Id, Guid PaymentId, string Reference, decimal Amount, string Currency, DateOnly ReceivedOn, DateTimeOffset RecordedAt);

public sealed record AgencyCaseCustomer(Guid Id, string? Reference, string? Name);

/// <summary>An agency case with everything the agency and the company see of it.</summary>
public sealed record AgencyCaseDetailResponse(
    AgencyCaseResponse Case, string AgencyName, AgencyCaseCustomer Customer, IReadOnlyList<AgencyCaseItemResponse> Items,
    IReadOnlyList<AgencyCaseDocumentResponse> Documents, IReadOnlyList<AgencyCaseEntryResponse> History, IReadOnlyList<AgencyCollectionResponse> Collections,
    IReadOnlyList<DirectPaymentResponse> DirectPayments);

internal static class AgencyReads
{
    /// <summary>The agency case an agency may see (another agency's, or another company's, is not found).</summary>
    public static async Task<AgencyCase> FindForAgencyAsync(CollectionDbContext db, Guid agencyCaseId, Guid agencyId, CancellationToken cancellationToken) =>
        await db.AgencyCases.SingleOrDefaultAsync(c => c.Id == agencyCaseId && c.AgencyId == agencyId, cancellationToken)
        ?? throw new NotFoundException("Agency case", agencyCaseId);

    /// <summary>The latest handover of a collection case: the one held now, or the last one returned.</summary>
    public static async Task<AgencyCase> FindLatestForCaseAsync(CollectionDbContext db, Guid caseId, CancellationToken cancellationToken) =>
        await db.AgencyCases.Where(c => c.CaseId == caseId).OrderByDescending(c => c.HandedOverAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Agency handover of case", caseId);

    public static void AddEntry(
        CollectionDbContext db, AgencyCase agencyCase, AgencyCaseEntryKind kind, string? text, DateOnly on, string by, TimeProvider timeProvider, DateOnly? nextActionOn = null) =>
        db.AgencyCaseEntries.Add(new AgencyCaseEntry
        {
            Id = Ids.New(timeProvider),
            CompanyId = agencyCase.CompanyId,
            AgencyCaseId = agencyCase.Id,
            Kind = kind,
            Text = text,
            NextActionOn = nextActionOn,
            On = on,
            At = timeProvider.GetUtcNow(),
            By = by,
        });

    public static async Task<AgencyCaseDetailResponse> DetailAsync(
        CollectionDbContext db, IReceivablesQueries receivables, AgencyCase agencyCase, CancellationToken cancellationToken)
    {
        var id = agencyCase.Id;
        var agencyName = await db.Agencies.Where(a => a.Id == agencyCase.AgencyId).Select(a => a.Name).SingleAsync(cancellationToken);
        var customer = (await receivables.GetCustomersAsync([agencyCase.CustomerId], cancellationToken)).SingleOrDefault();
        var items = await db.AgencyCaseItems.AsNoTracking().Where(i => i.AgencyCaseId == id).OrderBy(i => i.DueDate).ThenBy(i => i.Reference)
            .Select(i => new AgencyCaseItemResponse(i.InvoiceId, i.Reference, i.IssueDate, i.DueDate, i.Amount, i.OpenAmount, i.Currency))
            .ToListAsync(cancellationToken);
        var documents = await db.AgencyCaseDocuments.AsNoTracking().Where(d => d.AgencyCaseId == id).OrderBy(d => d.UploadedAt).ThenBy(d => d.Id)
            .Select(d => new AgencyCaseDocumentResponse(d.Id, d.FileName, d.ContentType, d.Size, d.Sha256, d.UploadedAt, d.UploadedBy))
            .ToListAsync(cancellationToken);
        var entries = await db.AgencyCaseEntries.AsNoTracking().Where(e => e.AgencyCaseId == id)
            .Select(e => new AgencyCaseEntryResponse(e.Id, e.Kind.ToString(), e.Text, e.NextActionOn, e.On, e.At, e.By))
            .ToListAsync(cancellationToken);
        var companyHistory = await CompanyHistoryAsync(db, agencyCase, cancellationToken);
        List<AgencyCaseEntryResponse> history = [.. companyHistory.Concat(entries).OrderBy(e => e.At).ThenBy(e => e.Id)];
        var collections = await CollectionsAsync(db, id, cancellationToken);
        var payments = await DirectPaymentsAsync(db, id, cancellationToken);
        return new AgencyCaseDetailResponse(
            AgencyCaseResponse.From(agencyCase), agencyName, new AgencyCaseCustomer(agencyCase.CustomerId, customer?.Reference, customer?.Name),
            items, documents, history, collections, payments);
    }

    /// <summary>
    /// What the company did on the case before the handover, for the agency: reminders and the formal notice that went out (date,
    /// channel, subject), promises to pay and what became of them, the case's other actions (blocking…).
    /// </summary>
    private static async Task<List<AgencyCaseEntryResponse>> CompanyHistoryAsync(CollectionDbContext db, AgencyCase agencyCase, CancellationToken cancellationToken)
    {
        var caseId = agencyCase.CaseId;
        var until = agencyCase.HandedOverAt;
        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.CaseId == caseId && m.Status == MessageStatus.Sent && m.Kind != InternalEmails.Kind)
            .Select(m => new { m.Id, m.Kind, m.Level, m.Channel, m.Subject, m.SentAt, m.CreatedBy })
            .ToListAsync(cancellationToken);
        var promises = await db.Promises.AsNoTracking().Where(p => p.CaseId == caseId && p.RecordedOn <= agencyCase.HandedOverOn).ToListAsync(cancellationToken);
        var actions = await db.CaseActions.AsNoTracking().Where(a => a.CaseId == caseId).ToListAsync(cancellationToken);
        var sent = messages.Where(m => m.SentAt is { } at && at <= until).Select(m => new AgencyCaseEntryResponse(
            m.Id, m.Kind == DefaultTemplates.FormalNotice ? "FormalNotice" : m.Kind == DefaultTemplates.Reminder ? "Reminder" : "Message",
            m.Kind == DefaultTemplates.Reminder ? $"Level {m.Level} reminder by {m.Channel}: {m.Subject}" : $"{m.Channel}: {m.Subject}",
            null, DateOnly.FromDateTime(m.SentAt!.Value.UtcDateTime), m.SentAt.Value, "company"));
        var promised = promises.Select(p => new AgencyCaseEntryResponse(
            p.Id, p.Status switch { PromiseStatus.Kept => "PromiseKept", PromiseStatus.Broken => "PromiseBroken", _ => "Promise" },
            string.Create(CultureInfo.InvariantCulture, $"Promised {p.Amount:0.00} {p.Currency} by {p.PromisedDate:yyyy-MM-dd}") + (p.Note is null ? "" : $": {p.Note}")
                + (p.ResolvedOn is { } resolved ? string.Create(CultureInfo.InvariantCulture, $" ({p.Status} on {resolved:yyyy-MM-dd})") : ""),
            null, p.RecordedOn, new DateTimeOffset(p.RecordedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "company"));
        var acted = actions.Where(a => a.At <= until).Select(a => new AgencyCaseEntryResponse(a.Id, a.Kind, a.Detail, null, a.On, a.At, a.By));
        return [.. sent.Concat(promised).Concat(acted)];
    }

    public static Task<List<AgencyCollectionResponse>> CollectionsAsync(CollectionDbContext db, Guid agencyCaseId, CancellationToken cancellationToken) =>
        db.AgencyCollections.AsNoTracking().Where(c => c.AgencyCaseId == agencyCaseId).OrderBy(c => c.CollectedOn).ThenBy(c => c.Id)
            .Select(c => new AgencyCollectionResponse(c.Id, c.Amount, c.Fee, c.CollectedOn, c.Reference, c.RecordedAt, c.RecordedBy))
            .ToListAsync(cancellationToken);

    public static Task<List<DirectPaymentResponse>> DirectPaymentsAsync(CollectionDbContext db, Guid agencyCaseId, CancellationToken cancellationToken) =>
        db.AgencyDirectPayments.AsNoTracking().Where(p => p.AgencyCaseId == agencyCaseId).OrderBy(p => p.ReceivedOn).ThenBy(p => p.Id)
            .Select(p => new DirectPaymentResponse(p.Id, p.PaymentId, p.Reference, p.Amount, p.Currency, p.ReceivedOn, p.RecordedAt))
            .ToListAsync(cancellationToken);
}
