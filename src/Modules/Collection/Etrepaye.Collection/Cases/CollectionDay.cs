namespace Etrepaye.Collection.Cases;

/// <summary>The business date collection works on (UTC), never before a date an event already speaks of.</summary>
internal static class CollectionDay
{
    public static DateOnly Today(TimeProvider timeProvider) => DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);

    public static DateOnly AtLeast(TimeProvider timeProvider, DateOnly date)
    {
        var today = Today(timeProvider);
        return date > today ? date : today;
    }
}
