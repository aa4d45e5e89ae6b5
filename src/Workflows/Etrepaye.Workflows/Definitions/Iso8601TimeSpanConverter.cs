using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Etrepaye.Workflows.Definitions;

internal sealed class Iso8601TimeSpanConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return XmlConvert.ToTimeSpan(reader.GetString() ?? string.Empty);
        }
        catch (FormatException exception)
        {
            throw new JsonException("A delay is an ISO 8601 duration such as PT30S, PT5M or P1D.", exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteStringValue(XmlConvert.ToString(value));
}

internal sealed class Iso8601NullableTimeSpanConverter : JsonConverter<TimeSpan?>
{
    private static readonly Iso8601TimeSpanConverter _inner = new();

    public override bool HandleNull => false;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => _inner.Read(ref reader, typeof(TimeSpan), options);

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options) => _inner.Write(writer, value!.Value, options);
}
