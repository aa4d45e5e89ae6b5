namespace Etrepaye.Shared.Time;

/// <summary>Business dates are dates in a company's time zone, not UTC dates.</summary>
public static class BusinessDates
{
    /// <summary>The zone, or UTC when the id is unknown on this machine.</summary>
    public static TimeZoneInfo Zone(string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;

    public static DateOnly Today(TimeProvider timeProvider, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime);

    public static DateOnly Today(TimeProvider timeProvider, string timeZone) => Today(timeProvider, Zone(timeZone));
}
