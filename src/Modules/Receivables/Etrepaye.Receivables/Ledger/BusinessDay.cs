using Etrepaye.Receivables.Data;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Ledger;

internal static class BusinessDay
{
    /// <summary>Today's date in a time zone (UTC when the zone is unknown).</summary>
    public static DateOnly Today(TimeProvider timeProvider, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime);
    }

    /// <summary>Today in the company's time zone, from its receivables settings.</summary>
    public static async Task<DateOnly> TodayAsync(ReceivablesDbContext db, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var zone = await db.Settings.AsNoTracking().Select(s => s.TimeZone).SingleOrDefaultAsync(cancellationToken) ?? "UTC";
        return Today(timeProvider, zone);
    }
}
