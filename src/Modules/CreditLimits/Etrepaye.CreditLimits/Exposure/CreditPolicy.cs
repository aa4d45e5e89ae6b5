using Etrepaye.Access.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Exposure;

/// <summary>The company's credit settings and its delegation-of-authority matrix.</summary>
internal sealed class CreditPolicy(CreditLimitsDbContext db, ICompanyClock clock)
{
    /// <summary>The saved settings, or the defaults (nothing optional counted, authority in the company's currency).</summary>
    public async Task<CreditSettings> SettingsAsync(CancellationToken cancellationToken) =>
        await db.Settings.AsNoTracking().SingleOrDefaultAsync(cancellationToken)
        ?? CreditSettings.Default(db.CurrentCompanyId, (await clock.DayAsync(db.CurrentCompanyId, cancellationToken)).Currency);

    public async Task<List<AuthorityLevel>> MatrixAsync(CancellationToken cancellationToken) =>
        Ordered(await db.AuthorityLevels.AsNoTracking().ToListAsync(cancellationToken));

    public static List<AuthorityLevel> Ordered(IEnumerable<AuthorityLevel> levels) =>
        [.. levels.OrderBy(l => l.MaxAmount is null).ThenBy(l => l.MaxAmount)];

    /// <summary>The lowest level whose authority covers the amount (in the authority currency).</summary>
    public static AuthorityLevel RequiredLevel(IReadOnlyList<AuthorityLevel> matrix, decimal amount) =>
        matrix.Count == 0
            ? throw new BusinessRuleException("authority-matrix-missing", "The company has no delegation-of-authority matrix: set it in the credit settings first.")
            : matrix.FirstOrDefault(l => l.MaxAmount is null || amount <= l.MaxAmount)
                ?? throw new BusinessRuleException(
                    "amount-above-authority", $"No level of the authority matrix may approve {amount}: the highest is {matrix[^1].MaxAmount}.", "amount");

    /// <summary>The level of the matrix the caller's roles give (the highest), or null.</summary>
    public static AuthorityLevel? CallerLevel(IReadOnlyList<AuthorityLevel> matrix, IReadOnlySet<CompanyRole> roles) =>
        matrix.LastOrDefault(l => roles.Contains(l.Role));
}
