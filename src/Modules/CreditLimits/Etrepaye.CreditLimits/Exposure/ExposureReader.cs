using Etrepaye.Access.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Features;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Errors;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Exposure;

/// <summary>
/// What an exposure answer is built from: the customer's account, its chain of parents (itself first), the limits on that
/// chain (the highest parent first), and for each limit the customers of its subtree and their exposure rows.
/// </summary>
internal sealed record ExposureSnapshot(
    CreditAccount Account, CreditSettings Settings, DateOnly Today, IReadOnlyList<Guid> Chain, IReadOnlyList<CreditLimit> Limits,
    ILookup<Guid, Guid> Members, ILookup<Guid, ExposureLine> Lines, RateBook Rates);

/// <summary>
/// Reads a customer's exposure from the module's own rows in two queries whatever the depth of its group: the account with
/// the company's settings, its chain of parents and the limits on it; then, for the customers whose limits apply, every
/// member of their subtree with its rows. The ledger is asked only for exchange rates when currencies differ.
/// </summary>
internal sealed class ExposureReader(
    CreditLimitsDbContext db, ExposureProjector projector, ExposureCalculator calculator, IReceivablesQueries receivables, ICompanyClock clock)
{
    /// <param name="ownSubtree">Also read the customer's own subtree when no limit applies (the exposure page shows it).</param>
    public async Task<ExposureSnapshot> ReadAsync(Guid customerId, bool ownSubtree, CancellationToken cancellationToken)
    {
        var rows = await ChainAsync(customerId, cancellationToken);
        if (rows.Count == 0)
        {
            // A customer the ledger has not reported yet: read it now (and keep it) rather than answer without it.
            _ = await projector.RefreshAsync(customerId, cancellationToken) ?? throw new NotFoundException("Customer", customerId);
            await db.SaveChangesAsync(cancellationToken);
            rows = await ChainAsync(customerId, cancellationToken);
        }

        var account = rows[0].Account;
        var day = await clock.DayAsync(account.CompanyId, cancellationToken);
        var settings = rows[0].Settings ?? CreditSettings.Default(account.CompanyId, day.Currency);
        var chain = rows.OrderBy(r => r.Depth).Select(r => r.AncestorId).ToList();
        var limits = rows.Where(r => r.Limit is not null).OrderByDescending(r => r.Depth).Select(r => r.Limit!).ToList();
        var heads = limits.Select(l => l.CustomerId).ToList();
        if (heads.Count == 0 && ownSubtree)
        {
            heads.Add(customerId);
        }

        var members = heads.Count == 0 ? [] : await (
                from ancestor in db.Ancestors.AsNoTracking()
                where heads.Contains(ancestor.AncestorId)
                join line in db.ExposureLines.AsNoTracking() on ancestor.CustomerId equals line.CustomerId into lines
                from line in lines.DefaultIfEmpty()
                select new { ancestor.AncestorId, ancestor.CustomerId, Line = line })
            .ToListAsync(cancellationToken);
        return new ExposureSnapshot(
            account, settings, day.Today, chain, limits,
            members.Select(m => (m.AncestorId, m.CustomerId)).Distinct().ToLookup(m => m.AncestorId, m => m.CustomerId),
            members.Where(m => m.Line is not null).ToLookup(m => m.AncestorId, m => m.Line!),
            new RateBook(receivables, day.Today));
    }

    private sealed record ChainRow(CreditAccount Account, CreditSettings? Settings, Guid AncestorId, int Depth, CreditLimit? Limit);

    /// <summary>One row per link of the chain (the customer itself at depth 0), with the limit on it if any.</summary>
    private Task<List<ChainRow>> ChainAsync(Guid customerId, CancellationToken cancellationToken) => (
            from account in db.Accounts.AsNoTracking()
            where account.CustomerId == customerId
            join ancestor in db.Ancestors.AsNoTracking() on account.CustomerId equals ancestor.CustomerId
            join limit in db.Limits.AsNoTracking() on ancestor.AncestorId equals limit.CustomerId into limits
            from limit in limits.DefaultIfEmpty()
            join settings in db.Settings.AsNoTracking() on account.CompanyId equals settings.CompanyId into settingsRows
            from settings in settingsRows.DefaultIfEmpty()
            select new ChainRow(account, settings, ancestor.AncestorId, ancestor.Depth, limit))
        .ToListAsync(cancellationToken);

    /// <summary>The exposure under each limit that applies, the highest parent's first.</summary>
    public async Task<List<LimitExposureResponse>> UnderLimitsAsync(ExposureSnapshot snapshot, CancellationToken cancellationToken)
    {
        var result = new List<LimitExposureResponse>();
        foreach (var limit in snapshot.Limits)
        {
            var exposure = await calculator.ComputeAsync(
                snapshot.Account.CompanyId, limit.CustomerId, [.. snapshot.Members[limit.CustomerId]], snapshot.Lines[limit.CustomerId], limit.Currency, snapshot.Settings, snapshot.Rates,
                cancellationToken);
            result.Add(ExposureCalculator.ForLimit(limit, exposure, snapshot.Members[limit.CustomerId].Count() > 1, snapshot.Today));
        }

        return result;
    }

    public static ExposureOptionsResponse Options(CreditSettings settings) => new(settings.IncludeDraftInvoices, settings.DeductCover);
}
