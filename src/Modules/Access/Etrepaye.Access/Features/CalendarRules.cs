namespace Etrepaye.Access.Features;

/// <summary>The years a closed day may fall in: wide enough for any plan, narrow enough to catch a mistyped year.</summary>
internal static class CalendarRules
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    /// <summary>An annual closure spans weeks, not years: a longer run is a typing mistake.</summary>
    public const int LongestRunDays = 366;

    public static bool InRange(DateOnly? date) => date is not { } value || value.Year is >= FirstYear and <= LastYear;
}
