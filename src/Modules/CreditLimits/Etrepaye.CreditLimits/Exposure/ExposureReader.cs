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
/// Reads a customer's exposure from the module's own rows in one statement whatever the depth of its group: the account with
/// the company's settings, its chain of parents with the limits on it, and for each limit every member of its subtree with its
/// rows. The ledger is asked only for exchange rates when currencies differ.
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
        var links = rows.DistinctBy(r => r.AncestorId).ToList();
        var chain = links.OrderBy(r => r.Depth).Select(r => r.AncestorId).ToList();
        var limits = links.Where(r => r.Limit is not null).OrderByDescending(r => r.Depth).Select(r => r.Limit!).ToList();
        var members = rows.Where(r => r.Limit is not null && r.MemberId is not null)
            .Select(r => new SubtreeRow(r.Limit!.CustomerId, r.MemberId!.Value, r.Line))
            .ToList();
        if (limits.Count == 0 && ownSubtree)
        {
            members = await SubtreeAsync(customerId, cancellationToken);
        }

        return new ExposureSnapshot(
            account, settings, day.Today, chain, limits,
            members.Select(m => (m.HeadId, m.CustomerId)).Distinct().ToLookup(m => m.HeadId, m => m.CustomerId),
            members.Where(m => m.Line is not null).ToLookup(m => m.HeadId, m => m.Line!),
            new RateBook(receivables, day.Today));
    }

    /// <summary>
    /// One row per link of the chain (the customer itself at depth 0) with the limit on it if any; a link with a limit has one
    /// row per member of its subtree and per exposure row of that member.
    /// </summary>
    private sealed record ChainRow(CreditAccount Account, CreditSettings? Settings, Guid AncestorId, int Depth, CreditLimit? Limit, Guid? MemberId, ExposureLine? Line);

    private sealed record SubtreeRow(Guid HeadId, Guid CustomerId, ExposureLine? Line);

    private async Task<List<ChainRow>> ChainAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var rows = new List<ChainRow>();
        await foreach (var row in _chain(db, customerId).WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    // Compiled once: the check runs this on every call, and EF's per-call work for a LINQ query of six joins (building the
    // expression, extracting its parameters, hashing it to find the cached plan) showed in the host's profile. Same SQL.
    private static readonly Func<CreditLimitsDbContext, Guid, IAsyncEnumerable<ChainRow>> _chain = EF.CompileAsyncQuery(
        (CreditLimitsDbContext db, Guid customerId) =>
            from account in db.Accounts.AsNoTracking()
            where account.CustomerId == customerId
            join ancestor in db.Ancestors.AsNoTracking() on account.CustomerId equals ancestor.CustomerId
            join limit in db.Limits.AsNoTracking() on ancestor.AncestorId equals limit.CustomerId into limits
            from limit in limits.DefaultIfEmpty()
            join settings in db.Settings.AsNoTracking() on account.CompanyId equals settings.CompanyId into settingsRows
            from settings in settingsRows.DefaultIfEmpty()
            join member in db.Ancestors.AsNoTracking() on (Guid?)limit.CustomerId equals (Guid?)member.AncestorId into members
            from member in members.DefaultIfEmpty()
            join line in db.ExposureLines.AsNoTracking() on (Guid?)member.CustomerId equals (Guid?)line.CustomerId into lines
            from line in lines.DefaultIfEmpty()
            select new ChainRow(account, settings, ancestor.AncestorId, ancestor.Depth, limit, (Guid?)member.CustomerId, line));

    private Task<List<SubtreeRow>> SubtreeAsync(Guid headId, CancellationToken cancellationToken) => (
            from member in db.Ancestors.AsNoTracking()
            where member.AncestorId == headId
            join line in db.ExposureLines.AsNoTracking() on member.CustomerId equals line.CustomerId into lines
            from line in lines.DefaultIfEmpty()
            select new SubtreeRow(member.AncestorId, member.CustomerId, line))
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
