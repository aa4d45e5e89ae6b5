using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Etrepaye.Shared.Contracts;

namespace Etrepaye.Workflows.Definitions;

public sealed class WorkflowValueException(string path, string message) : Exception($"{path}: {message}")
{
    public string Path { get; } = path;

    public string Problem { get; } = message;
}

/// <summary>
/// Values at run time are plain CLR values: string (also for enums), decimal (number), bool, DateOnly
/// (date), <see cref="Money"/>, <see cref="Duration"/>, <c>IReadOnlyList&lt;object?&gt;</c> (list) and
/// <c>IReadOnlyDictionary&lt;string, object?&gt;</c> (record, map). <see cref="JsonElement"/> stands for
/// a value of type any. Null means "not set".
/// </summary>
public static class WorkflowValues
{
    /// <summary>Called for <c>{"expression": "..."}</c> found in a literal: (text, expected type, path) → value.</summary>
    public delegate object? ExpressionHandler(string text, WorkflowType expected, string path);

    public static bool IsExpression(JsonElement element, out string text)
    {
        text = string.Empty;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        using var properties = element.EnumerateObject();
        if (!properties.MoveNext() || properties.Current.Name != "expression" || properties.Current.Value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        text = properties.Current.Value.GetString()!;
        return !properties.MoveNext();
    }

    /// <summary>
    /// Converts a JSON literal to a value of <paramref name="type"/>, handing expressions to
    /// <paramref name="onExpression"/>. A field a record type does not declare is an error (a typo in a
    /// definition); pass <paramref name="strict"/> false to drop such fields instead (an event payload).
    /// </summary>
    public static object? FromJson(JsonElement element, WorkflowType type, string path, ExpressionHandler? onExpression = null, bool strict = true)
    {
        if (IsExpression(element, out var text))
        {
            return onExpression is null
                ? throw new WorkflowValueException(path, "an expression is not allowed here")
                : onExpression(text, type, path);
        }

        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        switch (type.Kind)
        {
            case WorkflowTypeKind.Any:
                return element.Clone();
            case WorkflowTypeKind.String:
                return element.ValueKind == JsonValueKind.String ? element.GetString() : throw Expected(path, type, element);
            case WorkflowTypeKind.Enum:
                var member = element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Expected(path, type, element);
                return type.Values.Contains(member) ? member : throw new WorkflowValueException(path, $"'{member}' is not one of {type}");
            case WorkflowTypeKind.Number:
                return element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var number) ? number : throw Expected(path, type, element);
            case WorkflowTypeKind.Boolean:
                return element.ValueKind is JsonValueKind.True or JsonValueKind.False ? element.GetBoolean() : throw Expected(path, type, element);
            case WorkflowTypeKind.Date:
                return element.ValueKind == JsonValueKind.String && TryParseDate(element.GetString(), out var date) ? date : throw Expected(path, type, element);
            case WorkflowTypeKind.Duration:
                return element.ValueKind == JsonValueKind.String && Duration.TryParse(element.GetString(), out var duration) ? duration : throw Expected(path, type, element);
            case WorkflowTypeKind.Money:
                return ReadMoney(element, path);
            case WorkflowTypeKind.List:
                if (element.ValueKind != JsonValueKind.Array)
                {
                    throw Expected(path, type, element);
                }

                return element.EnumerateArray().Select((item, i) => FromJson(item, type.Element!, $"{path}[{i}]", onExpression, strict)).ToList();
            case WorkflowTypeKind.Map:
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw Expected(path, type, element);
                }

                return element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value, type.Element!, $"{path}.{p.Name}", onExpression, strict), StringComparer.Ordinal);
            case WorkflowTypeKind.Record:
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw Expected(path, type, element);
                }

                var record = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var fieldType = type.FieldType(property.Name);
                    if (fieldType is null && !strict)
                    {
                        continue;
                    }

                    record[property.Name] = FromJson(property.Value, fieldType ?? throw new WorkflowValueException($"{path}.{property.Name}", $"{type} has no field '{property.Name}'"), $"{path}.{property.Name}", onExpression, strict);
                }

                foreach (var field in type.Fields)
                {
                    record.TryAdd(field.Name, null);
                }

                return record;
            default:
                throw new WorkflowValueException(path, $"unsupported type {type}");
        }
    }

    /// <summary>
    /// Checks (and normalizes) a CLR or JSON value against <paramref name="type"/>. Records are typed
    /// structurally: fields the type does not declare are dropped.
    /// </summary>
    public static object? Coerce(object? value, WorkflowType type, string path)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonElement element:
                return FromJson(element, type, path, strict: false);
            case JsonNode node:
                return FromJson(JsonSerializer.SerializeToElement(node), type, path, strict: false);
        }

        switch (type.Kind)
        {
            case WorkflowTypeKind.Any:
                return value;
            case WorkflowTypeKind.String:
                return value as string ?? throw Expected(path, type, value);
            case WorkflowTypeKind.Enum:
                return value is string member && type.Values.Contains(member) ? member : throw new WorkflowValueException(path, $"{Render(value)} is not one of {type}");
            case WorkflowTypeKind.Number:
                return value switch
                {
                    decimal d => d,
                    int i => (decimal)i,
                    long l => (decimal)l,
                    _ => throw Expected(path, type, value),
                };
            case WorkflowTypeKind.Boolean:
                return value as bool? ?? throw Expected(path, type, value);
            case WorkflowTypeKind.Date:
                return value as DateOnly? ?? throw Expected(path, type, value);
            case WorkflowTypeKind.Money:
                return value as Money? ?? throw Expected(path, type, value);
            case WorkflowTypeKind.Duration:
                return value as Duration? ?? throw Expected(path, type, value);
            case WorkflowTypeKind.List:
                if (value is string or IDictionary || value is not IEnumerable items)
                {
                    throw Expected(path, type, value);
                }

                return items.Cast<object?>().Select((item, i) => Coerce(item, type.Element!, $"{path}[{i}]")).ToList();
            case WorkflowTypeKind.Map:
                return AsRecord(value, path, type).ToDictionary(p => p.Key, p => Coerce(p.Value, type.Element!, $"{path}.{p.Key}"), StringComparer.Ordinal);
            case WorkflowTypeKind.Record:
                var source = AsRecord(value, path, type);
                var record = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (name, fieldValue) in source)
                {
                    if (type.FieldType(name) is { } fieldType)
                    {
                        record[name] = Coerce(fieldValue, fieldType, $"{path}.{name}");
                    }
                }

                foreach (var field in type.Fields)
                {
                    record.TryAdd(field.Name, null);
                }

                return record;
            default:
                throw new WorkflowValueException(path, $"unsupported type {type}");
        }
    }

    /// <summary>Plain JSON for effect payloads, events and snapshots: money as {amount, currency}, dates as yyyy-MM-dd.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        decimal d => JsonValue.Create(d),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        bool b => JsonValue.Create(b),
        DateOnly date => JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        Money money => new JsonObject { ["amount"] = money.Amount, ["currency"] = money.Currency },
        Duration duration => JsonValue.Create(duration.ToString()),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        IEnumerable<KeyValuePair<string, object?>> record => new JsonObject(record.Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        IEnumerable items => new JsonArray([.. items.Cast<object?>().Select(ToJson)]),
        _ => JsonSerializer.SerializeToNode(value, WorkflowJson.Options),
    };

    public static JsonElement ToJsonElement(object? value) => JsonSerializer.SerializeToElement(ToJson(value), WorkflowJson.Options);

    /// <summary>How a value is shown in the journal.</summary>
    public static string Render(object? value) => value switch
    {
        null => "(not set)",
        string s => $"\"{s}\"",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Money money => money.ToString(),
        Duration duration => duration.ToString(),
        JsonElement element => element.GetRawText(),
        IEnumerable<KeyValuePair<string, object?>> record => "{" + string.Join(", ", record.Select(p => $"{p.Key}: {Render(p.Value)}")) + "}",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Render)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>Deep equality; money of different currencies is simply not equal.</summary>
    public static bool AreEqual(object? left, object? right)
    {
        switch (left, right)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (decimal a, decimal b):
                return a == b;
            case (JsonElement a, JsonElement b):
                return JsonElement.DeepEquals(a, b);
            case (IEnumerable<KeyValuePair<string, object?>> a, IEnumerable<KeyValuePair<string, object?>> b):
                var first = a.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                var second = b.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                return first.Count == second.Count && first.All(p => second.TryGetValue(p.Key, out var other) && AreEqual(p.Value, other));
            case (string a, string b):
                return string.Equals(a, b, StringComparison.Ordinal);
            case (IEnumerable a, IEnumerable b):
                var leftItems = a.Cast<object?>().ToList();
                var rightItems = b.Cast<object?>().ToList();
                return leftItems.Count == rightItems.Count && leftItems.Zip(rightItems).All(p => AreEqual(p.First, p.Second));
            default:
                return left.Equals(right);
        }
    }

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryParseMoney(string? text, out Money money)
    {
        money = default;
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 2 } || !Currency.IsKnown(parts[1])
            || !decimal.TryParse(parts[0], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        money = new Money(amount, parts[1]);
        return true;
    }

    private static Money ReadMoney(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String && TryParseMoney(element.GetString(), out var money))
        {
            return money;
        }

        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty("amount", out var amount) && amount.ValueKind == JsonValueKind.Number
            && element.TryGetProperty("currency", out var currency) && Currency.IsKnown(currency.GetString()))
        {
            return new Money(amount.GetDecimal(), currency.GetString()!);
        }

        throw new WorkflowValueException(path, "expected money, written \"5000 EUR\" or {\"amount\": 5000, \"currency\": \"EUR\"}");
    }

    private static IEnumerable<KeyValuePair<string, object?>> AsRecord(object value, string path, WorkflowType type) => value switch
    {
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs,
        IDictionary dictionary => dictionary.Keys.Cast<object>().Select(k => KeyValuePair.Create(Convert.ToString(k, CultureInfo.InvariantCulture)!, dictionary[k])),
        _ => throw Expected(path, type, value),
    };

    private static WorkflowValueException Expected(string path, WorkflowType type, JsonElement element) =>
        new(path, $"expected {type}, found {element.ValueKind.ToString().ToLowerInvariant()} {Truncate(element.GetRawText())}");

    private static WorkflowValueException Expected(string path, WorkflowType type, object value) =>
        new(path, $"expected {type}, found {Render(value)}");

    private static string Truncate(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
