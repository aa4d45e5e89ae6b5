using Etrepaye.Collection.Domain;

namespace Etrepaye.Collection.Features;

/// <summary>A case in a list: its customer, status, leader item and amounts (in the customer's currency).</summary>
public sealed record CaseSummaryResponse(
    Guid Id, Guid CustomerId, string CustomerReference, string CustomerName, string Status, DateOnly OpenedOn, DateOnly? ClosedOn, string? CloseReason,
    Guid? LeaderItemId, string? LeaderReference, DateOnly? LeaderDueDate, string Currency, decimal OverdueAmount, decimal ExcludedAmount, int OverdueItemCount,
    Guid? ProcedureInstanceId, string? ProcedureError, Guid? AgencyId, DateOnly AsOf)
{
    internal static CaseSummaryResponse From(CollectionCase c) => new(
        c.Id, c.CustomerId, c.CustomerReference, c.CustomerName, c.Status.ToString(), c.OpenedOn, c.ClosedOn, c.CloseReason, c.LeaderItemId, c.LeaderReference,
        c.LeaderDueDate, c.Currency, c.OverdueAmount, c.ExcludedAmount, c.OverdueItemCount, c.ProcedureInstanceId, c.ProcedureError, c.AgencyId, c.AsOf);
}

/// <summary>An open item of the case's customer; disputed amounts are held out of collection.</summary>
public sealed record CaseItemResponse(
    Guid ItemId, string Type, string Reference, DateOnly IssueDate, DateOnly? DueDate, string Currency, decimal Amount, decimal OpenAmount, int DaysPastDue,
    bool Overdue, bool Disputed, decimal HeldAmount, decimal CollectibleAmount, bool Leader);

/// <summary>Per currency: never summed across currencies.</summary>
public sealed record CaseAmountResponse(string Currency, decimal Open, decimal Overdue, decimal Excluded, decimal Collectible);

public sealed record PromiseResponse(
    Guid Id, decimal Amount, string Currency, DateOnly PromisedDate, int GraceDays, DateOnly DueBy, decimal Received, string Status, DateOnly RecordedOn,
    DateOnly? ResolvedOn, string? Note, string RecordedBy);

public sealed record PaymentPlanResponse(
    Guid Id, string Currency, decimal Total, decimal Received, DateOnly AgreedOn, bool InsurerNotificationRequired, string Status,
    IReadOnlyList<InstalmentResponse> Instalments);

public sealed record InstalmentResponse(int Number, DateOnly DueDate, decimal Amount, string Status);

public sealed record CaseActionResponse(Guid Id, string Kind, string Detail, DateOnly On, DateTimeOffset At, string By);

public sealed record CaseDetailResponse(
    CaseSummaryResponse Case, IReadOnlyList<CaseAmountResponse> Amounts, IReadOnlyList<CaseItemResponse> Items, IReadOnlyList<PromiseResponse> Promises,
    IReadOnlyList<PaymentPlanResponse> PaymentPlans, IReadOnlyList<MessageSummaryResponse> Messages, IReadOnlyList<CaseActionResponse> Actions);

/// <summary>A message of the archive without its content.</summary>
public sealed record MessageSummaryResponse(
    Guid Id, Guid? CaseId, Guid CustomerId, string Kind, string Channel, int Level, string Language, string Recipient, string Subject, string Status,
    string? StatusReason, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? ExternalId, string? Source)
{
    internal static MessageSummaryResponse From(Message m) => new(
        m.Id, m.CaseId, m.CustomerId, m.Kind, m.Channel.ToString(), m.Level, m.Language, m.Recipient, m.Subject, m.Status.ToString(), m.StatusReason, m.Attempts,
        m.CreatedAt, m.SentAt, m.ExternalId, m.Source);
}

public sealed record AttachmentResponse(Guid Id, string FileName, string ContentType, int Size);

/// <summary>A message with its rendered content, the items it claims and its attachments.</summary>
public sealed record MessageResponse(
    MessageSummaryResponse Message, string Body, IReadOnlyList<Guid> ItemIds, string Currency, decimal Principal, decimal Interest, decimal Indemnity,
    string IdempotencyKey, IReadOnlyList<AttachmentResponse> Attachments);
