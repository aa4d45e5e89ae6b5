namespace Etrepaye.Collection.Cases;

internal static class Dates
{
    /// <summary>The later of two dates: collection never works on a date before one an event already speaks of.</summary>
    public static DateOnly Latest(DateOnly first, DateOnly second) => first > second ? first : second;
}
