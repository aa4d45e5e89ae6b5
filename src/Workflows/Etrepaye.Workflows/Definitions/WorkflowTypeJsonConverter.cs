using System.Text.Json;
using System.Text.Json.Serialization;

namespace Etrepaye.Workflows.Definitions;

/// <summary>
/// Primitive types are written as their name (<c>"money"</c>); composite types as an object with a
/// <c>kind</c>: <c>{"kind": "enum", "values": [...]}</c>, <c>{"kind": "list", "of": T}</c>,
/// <c>{"kind": "record", "fields": [{"name", "type"}]}</c>, <c>{"kind": "map", "of": T}</c>.
/// </summary>
internal sealed class WorkflowTypeJsonConverter : JsonConverter<WorkflowType>
{
    public override WorkflowType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return FromElement(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, WorkflowType value, JsonSerializerOptions options)
    {
        switch (value.Kind)
        {
            case WorkflowTypeKind.Enum:
                writer.WriteStartObject();
                writer.WriteString("kind", "enum");
                writer.WriteStartArray("values");
                foreach (var item in value.Values)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case WorkflowTypeKind.List or WorkflowTypeKind.Map:
                writer.WriteStartObject();
                writer.WriteString("kind", value.Kind == WorkflowTypeKind.List ? "list" : "map");
                writer.WritePropertyName("of");
                Write(writer, value.Element!, options);
                writer.WriteEndObject();
                break;
            case WorkflowTypeKind.Record:
                writer.WriteStartObject();
                writer.WriteString("kind", "record");
                writer.WriteStartArray("fields");
                foreach (var field in value.Fields)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", field.Name);
                    writer.WritePropertyName("type");
                    Write(writer, field.Type, options);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    public static WorkflowType FromElement(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var name = element.GetString()!;
            return WorkflowType.Primitive(name) ?? throw new JsonException($"Unknown type '{name}': expected string, number, boolean, date, money, duration or an object with a kind.");
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("A type is a primitive name or an object with a 'kind' (enum, list, record).");
        }

        var kind = kindElement.GetString();
        switch (kind)
        {
            case "enum":
                if (!element.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
                {
                    throw new JsonException("An enum type needs 'values', an array of strings.");
                }

                return WorkflowType.Enum(values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new JsonException("Enum values are strings.")));
            case "list" or "map":
                if (!element.TryGetProperty("of", out var of))
                {
                    throw new JsonException($"A {kind} type needs 'of', its element type.");
                }

                return kind == "list" ? WorkflowType.ListOf(FromElement(of)) : WorkflowType.MapOf(FromElement(of));
            case "record":
                if (!element.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
                {
                    throw new JsonException("A record type needs 'fields', an array of {name, type}.");
                }

                return WorkflowType.Record(fields.EnumerateArray().Select(f =>
                    f.ValueKind == JsonValueKind.Object && f.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && f.TryGetProperty("type", out var type)
                        ? new RecordField(name.GetString()!, FromElement(type))
                        : throw new JsonException("A record field is {name, type}.")));
            default:
                var primitive = kind is null ? null : WorkflowType.Primitive(kind);
                return primitive ?? throw new JsonException($"Unknown type kind '{kind}'.");
        }
    }
}
