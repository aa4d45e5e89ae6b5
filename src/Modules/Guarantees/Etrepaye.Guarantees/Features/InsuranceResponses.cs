using Etrepaye.Guarantees.Domain;

namespace Etrepaye.Guarantees.Features;

public sealed record PolicyResponse(
    Guid Id, string InsurerName, string PolicyNumber, string Currency, decimal CoveragePercent, int MaxExtensionDays, int DeclarationDelayDays,
    int PaymentPlanNotificationDays, int ClaimFilingDays, DateOnly StartDate, DateOnly? EndDate, long Version)
{
    internal static PolicyResponse From(InsurancePolicy p) => new(
        p.Id, p.InsurerName, p.PolicyNumber, p.Currency, p.CoveragePercent, p.MaxExtensionDays, p.DeclarationDelayDays, p.PaymentPlanNotificationDays,
        p.ClaimFilingDays, p.StartDate, p.EndDate, p.Version);
}

public sealed record InsuredLimitResponse(
    Guid Id, Guid PolicyId, Guid CustomerId, string Status, decimal RequestedAmount, decimal Amount, string Currency, DateOnly EffectiveDate,
    string? DecisionReference, long Version, IReadOnlyList<InsuredLimitChangeResponse> History)
{
    internal static InsuredLimitResponse From(InsuredLimit l, string currency, IEnumerable<InsuredLimitChange> history) => new(
        l.Id, l.PolicyId, l.CustomerId, l.Status.ToString(), l.RequestedAmount, l.Amount, currency, l.EffectiveDate, l.DecisionReference, l.Version,
        history.OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new InsuredLimitChangeResponse(c.Status.ToString(), c.Amount, c.EffectiveDate, c.At, c.ChangedBy, c.Reference, c.Note)).ToList());
}

public sealed record InsuredLimitChangeResponse(string Status, decimal Amount, DateOnly EffectiveDate, DateTimeOffset At, string ChangedBy, string? Reference, string? Note);

public sealed record InsurerDutyResponse(
    Guid Id, Guid PolicyId, Guid CustomerId, string Type, Guid? InvoiceId, string? InvoiceReference, decimal? Amount, string? Currency, DateOnly ArisenOn,
    DateOnly Deadline, string Status, bool Overdue, int DaysLeft, DateOnly? CompletedOn, string? CompletedBy, string? InsurerReference, string? Note, long Version)
{
    internal static InsurerDutyResponse From(InsurerDuty d, DateOnly today) => new(
        d.Id, d.PolicyId, d.CustomerId, d.Type.ToString(), d.InvoiceId, d.InvoiceReference, d.Amount, d.Currency, d.ArisenOn, d.Deadline, d.Status.ToString(),
        d.Status == InsurerDutyStatus.Open && d.Deadline < today, d.Deadline.DayNumber - today.DayNumber, d.CompletedOn, d.CompletedBy, d.InsurerReference, d.Note,
        d.Version);
}
