using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Access.Domain;

/// <summary>A closure of the company: a date or run of dates, or a day-month closed every year.</summary>
internal sealed class ClosedDay : ICompanyOwned, IAudited
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public required string Label { get; init; }

    public DateOnly? FromDate { get; init; }

    public DateOnly? ToDate { get; init; }

    public int? Month { get; init; }

    public int? Day { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
