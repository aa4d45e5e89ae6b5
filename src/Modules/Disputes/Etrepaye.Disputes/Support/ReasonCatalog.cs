using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Shared;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Support;

/// <summary>The reasons every company starts with; the company may change their department and SLA, or add its own.</summary>
internal static class ReasonCatalog
{
    public static readonly IReadOnlyList<(string Code, string Name, string Department, int SlaDays)> Defaults =
    [
        ("price", "Price", "Sales", 10),
        ("quantity", "Quantity", "Logistics", 5),
        ("quality", "Quality", "Logistics", 10),
        ("delivery", "Delivery", "Logistics", 5),
        ("billing-error", "Billing error", "Billing", 3),
        ("duplicate", "Duplicate", "Billing", 2),
        ("other", "Other", "Sales", 10),
    ];

    /// <summary>Adds the default reasons to a company that has none yet (the first use of its disputes).</summary>
    public static async Task EnsureAsync(DisputesDbContext db, Guid companyId, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (await db.Reasons.AnyAsync(cancellationToken))
        {
            return;
        }

        foreach (var (code, name, department, days) in Defaults)
        {
            db.Reasons.Add(new DisputeReason
            {
                Id = Ids.New(timeProvider),
                CompanyId = companyId,
                Code = code,
                Name = name,
                OwnerDepartment = department,
                SlaBusinessDays = days,
            });
        }
    }
}
