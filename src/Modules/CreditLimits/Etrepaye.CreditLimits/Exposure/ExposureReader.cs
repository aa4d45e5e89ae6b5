using Etrepaye.Access.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Features;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Errors;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Exposure;

/// <summary>What an exposure answer is built from: the customer's account, the limits that apply and the group's rows.</summary>
internal sealed record ExposureSnapshot(
    CreditAccount Account, CreditSettings Settings, DateOnly Today, IReadOnlyList<CreditLimit> Limits, IReadOnlyList<ExposureLine> Lines, RateBook Rates);

/// <summary>
/// Reads a customer's exposure from the module's own rows in three indexed queries (account, the limits of the customer and
/// its group head, the group's exposure rows); the ledger is asked only for exchange rates when currencies differ.
/// </summary>
internal sealed class ExposureReader(
    CreditLimitsDbContext db, CreditPolicy policy, ExposureProjector projector, ExposureCalculator calculator, IReceivablesQueries receivables, ICompanyClock clock)
{
    public async Task<ExposureSnapshot> ReadAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.CustomerId == customerId, cancellationToken);
        if (account is null)
        {
            // A customer the ledger has not reported yet: read it now (and keep it) rather than answer without it.
            account = await projector.RefreshAsync(customerId, cancellationToken) ?? throw new NotFoundException("Customer", customerId);
            await db.SaveChangesAsync(cancellationToken);
        }

        var settings = await policy.SettingsAsync(cancellationToken);
        var today = await clock.TodayAsync(db.CurrentCompanyId, cancellationToken);
        var headId = account.GroupHeadId;
        var limits = await db.Limits.AsNoTracking().Where(l => l.CustomerId == customerId || l.CustomerId == headId).ToListAsync(cancellationToken);
        var lines = await db.ExposureLines.AsNoTracking().Where(l => l.GroupHeadId == headId).ToListAsync(cancellationToken);
        return new ExposureSnapshot(account, settings, today, [.. limits.OrderBy(l => l.CustomerId == customerId ? 1 : 0)], lines, new RateBook(receivables, today));
    }

    /// <summary>The exposure under each limit that applies, the group's limit first.</summary>
    public async Task<List<LimitExposureResponse>> UnderLimitsAsync(ExposureSnapshot snapshot, CancellationToken cancellationToken)
    {
        var result = new List<LimitExposureResponse>();
        foreach (var limit in snapshot.Limits)
        {
            var lines = snapshot.Lines.Where(l => ExposureCalculator.Covers(limit, l));
            var exposure = await calculator.ComputeAsync(snapshot.Account.CompanyId, limit.CustomerId, lines, limit.Currency, snapshot.Settings, snapshot.Rates, cancellationToken);
            var group = limit.CustomerId == snapshot.Account.GroupHeadId && snapshot.Lines.Any(l => l.CustomerId != limit.CustomerId);
            result.Add(ExposureCalculator.ForLimit(limit, exposure, group, snapshot.Today));
        }

        return result;
    }

    public static ExposureOptionsResponse Options(CreditSettings settings) => new(settings.IncludeDraftInvoices, settings.DeductCover);
}
