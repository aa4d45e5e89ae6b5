using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Etrepaye.Workflows.Definitions;

public enum DurationUnit
{
    Days,
    BusinessDays,
    Weeks,
    Months,
}

/// <summary>
/// A whole number of calendar days, business days, weeks or months. Business days are counted on the
/// instance's business calendar, so a duration is only turned into a date when added to one.
/// </summary>
[JsonConverter(typeof(DurationJsonConverter))]
public readonly record struct Duration(int Amount, DurationUnit Unit)
{
    public static Duration Days(int amount) => new(amount, DurationUnit.Days);

    public static Duration BusinessDays(int amount) => new(amount, DurationUnit.BusinessDays);

    public Duration Negate() => this with { Amount = -Amount };

    /// <summary>Days and weeks can be mixed (as days); business days and months only with themselves.</summary>
    public static bool TryCombine(Duration left, Duration right, out Duration leftNormalized, out Duration rightNormalized)
    {
        leftNormalized = left;
        rightNormalized = right;
        if (left.Unit == right.Unit)
        {
            return true;
        }

        if (left.Unit is DurationUnit.Days or DurationUnit.Weeks && right.Unit is DurationUnit.Days or DurationUnit.Weeks)
        {
            leftNormalized = left.ToDays();
            rightNormalized = right.ToDays();
            return true;
        }

        return false;
    }

    public Duration ToDays() => Unit == DurationUnit.Weeks ? new Duration(checked(Amount * 7), DurationUnit.Days) : this;

    public override string ToString()
    {
        var singular = Math.Abs(Amount) == 1;
        var unit = Unit switch
        {
            DurationUnit.Days => singular ? "day" : "days",
            DurationUnit.BusinessDays => singular ? "business day" : "business days",
            DurationUnit.Weeks => singular ? "week" : "weeks",
            _ => singular ? "month" : "months",
        };
        return $"{Amount.ToString(CultureInfo.InvariantCulture)} {unit}";
    }

    public static bool TryParse(string? text, out Duration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 2 or > 3 || !int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var unitText = string.Join(' ', parts.Skip(1));
        DurationUnit? unit = unitText switch
        {
            "day" or "days" => DurationUnit.Days,
            "business day" or "business days" => DurationUnit.BusinessDays,
            "week" or "weeks" => DurationUnit.Weeks,
            "month" or "months" => DurationUnit.Months,
            _ => null,
        };
        if (unit is null)
        {
            return false;
        }

        duration = new Duration(amount, unit.Value);
        return true;
    }
}

internal sealed class DurationJsonConverter : JsonConverter<Duration>
{
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Duration.TryParse(reader.GetString(), out var duration)
            ? duration
            : throw new JsonException("A duration is written like \"10 days\" or \"3 business days\".");

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
