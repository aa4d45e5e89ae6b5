using Etrepaye.Guarantees.Contracts;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Shared;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Checks;

/// <summary>An open invoice of an insured buyer, as the ledger reports it.</summary>
internal sealed record OverdueInvoice(Guid CustomerId, Guid InvoiceId, string Reference, decimal OpenAmount, string Currency, DateOnly DueDate);

/// <summary>Creates the insurer duties the ledger's facts give rise to (each once: the duties table is unique per policy, type and invoice).</summary>
internal static class InsurerDuties
{
    /// <summary>The policies in force on a date that insure the buyer (all buyers when null), with the limit that insures it.</summary>
    public static Task<List<(InsurancePolicy Policy, InsuredLimit Limit)>> InsuredAsync(
        GuaranteesDbContext db, Guid? customerId, DateOnly date, CancellationToken cancellationToken) =>
        InsuredAmongAsync(db, customerId is { } customer ? [customer] : null, date, cancellationToken);

    /// <summary>The policies in force on a date that insure these buyers (all buyers when null), with the limit that insures each.</summary>
    public static async Task<List<(InsurancePolicy Policy, InsuredLimit Limit)>> InsuredAmongAsync(
        GuaranteesDbContext db, IReadOnlyCollection<Guid>? customerIds, DateOnly date, CancellationToken cancellationToken)
    {
        var limits = db.InsuredLimits.AsNoTracking();
        if (customerIds is { Count: 1 })
        {
            var customer = customerIds.Single();
            limits = limits.Where(l => l.CustomerId == customer);
        }
        else if (customerIds is not null)
        {
            var ids = customerIds.Distinct().ToList();
            limits = limits.Where(l => ids.Contains(l.CustomerId));
        }

        var rows = await limits.ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var policyIds = rows.Select(l => l.PolicyId).Distinct().ToList();
        var policies = await db.Policies.AsNoTracking().Where(p => policyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var limitIds = rows.Select(l => l.Id).ToList();
        var changes = await db.InsuredLimitChanges.AsNoTracking().Where(c => limitIds.Contains(c.LimitId) && c.EffectiveDate <= date).ToListAsync(cancellationToken);
        return rows
            .Where(l => policies[l.PolicyId].InForceOn(date)
                && changes.Where(c => c.LimitId == l.Id).OrderBy(c => c.EffectiveDate).ThenBy(c => c.At).LastOrDefault() is { Covers: true })
            .Select(l => (policies[l.PolicyId], l))
            .ToList();
    }

    /// <summary>
    /// An invoice more than the policy's maximum extension days past due must be declared to the insurer (a threat of loss)
    /// within the declaration delay after that period: deadline = due date + maximum extension + declaration delay.
    /// </summary>
    public static async Task<InsurerDuty?> EnsureDeclarationAsync(
        GuaranteesDbContext db, TimeProvider timeProvider, InsurancePolicy policy, OverdueInvoice invoice, DateOnly today, CancellationToken cancellationToken)
    {
        if (!policy.IsBeyondMaxExtension(invoice.DueDate, today)
            || db.Duties.Local.Any(d => d.PolicyId == policy.Id && d.Type == InsurerDutyType.DeclareOverdue && d.InvoiceId == invoice.InvoiceId)
            || await db.Duties.AnyAsync(d => d.PolicyId == policy.Id && d.Type == InsurerDutyType.DeclareOverdue && d.InvoiceId == invoice.InvoiceId, cancellationToken))
        {
            return null;
        }

        return Declare(db, timeProvider, policy, invoice, today);
    }

    private static InsurerDuty Declare(GuaranteesDbContext db, TimeProvider timeProvider, InsurancePolicy policy, OverdueInvoice invoice, DateOnly today) =>
        Add(db, timeProvider, new InsurerDuty
        {
            Id = Ids.New(timeProvider),
            CompanyId = policy.CompanyId,
            PolicyId = policy.Id,
            CustomerId = invoice.CustomerId,
            Type = InsurerDutyType.DeclareOverdue,
            InvoiceId = invoice.InvoiceId,
            InvoiceReference = invoice.Reference,
            Amount = invoice.OpenAmount,
            Currency = invoice.Currency,
            ArisenOn = today,
            Deadline = policy.DeclarationDeadline(invoice.DueDate),
            Status = InsurerDutyStatus.Open,
        });

    /// <summary>
    /// <see cref="EnsureDeclarationAsync"/> for many invoices: the declarations already owed are read in one query; returns how
    /// many were created.
    /// </summary>
    public static async Task<int> EnsureDeclarationsAsync(
        GuaranteesDbContext db, TimeProvider timeProvider, IReadOnlyList<(InsurancePolicy Policy, OverdueInvoice Invoice)> candidates, DateOnly today,
        CancellationToken cancellationToken)
    {
        var due = candidates.Where(c => c.Policy.IsBeyondMaxExtension(c.Invoice.DueDate, today)).ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        var policyIds = due.Select(c => c.Policy.Id).Distinct().ToList();
        var invoiceIds = due.Select(c => c.Invoice.InvoiceId).Distinct().ToList();
        var existing = (await db.Duties.AsNoTracking()
                .Where(d => d.Type == InsurerDutyType.DeclareOverdue && policyIds.Contains(d.PolicyId) && d.InvoiceId != null && invoiceIds.Contains(d.InvoiceId.Value))
                .Select(d => new { d.PolicyId, d.InvoiceId })
                .ToListAsync(cancellationToken))
            .Select(d => (d.PolicyId, d.InvoiceId!.Value))
            .ToHashSet();
        var created = 0;
        foreach (var (policy, invoice) in due)
        {
            if (existing.Add((policy.Id, invoice.InvoiceId))
                && !db.Duties.Local.Any(d => d.PolicyId == policy.Id && d.Type == InsurerDutyType.DeclareOverdue && d.InvoiceId == invoice.InvoiceId))
            {
                Declare(db, timeProvider, policy, invoice, today);
                created++;
            }
        }

        return created;
    }

    public static InsurerDuty Add(GuaranteesDbContext db, TimeProvider timeProvider, InsurerDuty duty)
    {
        db.Duties.Add(duty);
        db.Publish(new InsurerDutyCreated(duty.CompanyId, duty.Id, duty.PolicyId, duty.CustomerId, duty.Type.ToString(), duty.InvoiceId, duty.Deadline));
        return duty;
    }
}
