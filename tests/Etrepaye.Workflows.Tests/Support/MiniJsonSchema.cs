using System.Text.Json;
using System.Text.RegularExpressions;

namespace Etrepaye.Workflows.Tests.Support;

/// <summary>
/// A small JSON Schema (2020-12) validator covering the keywords workflow.schema.json uses. It fails on
/// any other keyword, so the schema cannot drift into keywords these tests do not check.
/// </summary>
internal sealed class MiniJsonSchema(JsonElement root)
{
    private static readonly HashSet<string> _annotations = ["$schema", "$id", "title", "description", "default", "$defs", "examples"];

    private static readonly HashSet<string> _supported =
    [
        "$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "items", "minItems",
        "uniqueItems", "minLength", "minimum", "pattern", "oneOf", "anyOf", "allOf", "if", "then",
    ];

    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(root, instance, "$", errors);
        return errors;
    }

    /// <summary>Every keyword is supported and every $ref resolves.</summary>
    public IReadOnlyList<string> CheckSchema()
    {
        var problems = new List<string>();
        Walk(root, "#", problems);
        return problems;
    }

    private void Walk(JsonElement schema, string path, List<string> problems)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in schema.EnumerateObject())
        {
            if (!_supported.Contains(property.Name) && !_annotations.Contains(property.Name))
            {
                problems.Add($"{path}: unsupported keyword {property.Name}");
            }

            switch (property.Name)
            {
                case "$ref":
                    if (Resolve(property.Value.GetString()!) is null)
                    {
                        problems.Add($"{path}: $ref {property.Value.GetString()} does not resolve");
                    }

                    break;
                case "properties" or "$defs":
                    foreach (var child in property.Value.EnumerateObject())
                    {
                        Walk(child.Value, $"{path}/{property.Name}/{child.Name}", problems);
                    }

                    break;
                case "items" or "additionalProperties" or "if" or "then":
                    Walk(property.Value, $"{path}/{property.Name}", problems);
                    break;
                case "oneOf" or "anyOf" or "allOf":
                    var i = 0;
                    foreach (var child in property.Value.EnumerateArray())
                    {
                        Walk(child, $"{path}/{property.Name}/{i++}", problems);
                    }

                    break;
            }
        }
    }

    private JsonElement? Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        var current = root;
        foreach (var segment in reference[2..].Split('/'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: not allowed");
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var rule = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    Check(Resolve(rule.GetString()!) ?? throw new InvalidOperationException($"unresolved {rule.GetString()}"), value, path, errors);
                    break;
                case "type":
                    if (!HasType(value, rule.GetString()!))
                    {
                        errors.Add($"{path}: expected {rule.GetString()}, found {value.ValueKind}");
                    }

                    break;
                case "enum":
                    if (!rule.EnumerateArray().Any(v => JsonElement.DeepEquals(v, value)))
                    {
                        errors.Add($"{path}: {value.GetRawText()} is not one of {rule.GetRawText()}");
                    }

                    break;
                case "const":
                    if (!JsonElement.DeepEquals(rule, value))
                    {
                        errors.Add($"{path}: expected {rule.GetRawText()}");
                    }

                    break;
                case "required" when value.ValueKind == JsonValueKind.Object:
                    foreach (var name in rule.EnumerateArray().Select(r => r.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                    {
                        errors.Add($"{path}: missing {name}");
                    }

                    break;
                case "properties" when value.ValueKind == JsonValueKind.Object:
                    foreach (var property in value.EnumerateObject())
                    {
                        if (rule.TryGetProperty(property.Name, out var propertySchema))
                        {
                            Check(propertySchema, property.Value, $"{path}.{property.Name}", errors);
                        }
                    }

                    break;
                case "additionalProperties" when value.ValueKind == JsonValueKind.Object:
                    var declared = schema.TryGetProperty("properties", out var properties) ? properties : default;
                    foreach (var property in value.EnumerateObject().Where(p => declared.ValueKind != JsonValueKind.Object || !declared.TryGetProperty(p.Name, out _)))
                    {
                        Check(rule, property.Value, $"{path}.{property.Name}", errors);
                    }

                    break;
                case "items" when value.ValueKind == JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(rule, item, $"{path}[{index++}]", errors);
                    }

                    break;
                case "minItems" when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() < rule.GetInt32():
                    errors.Add($"{path}: fewer than {rule.GetInt32()} items");
                    break;
                case "uniqueItems" when value.ValueKind == JsonValueKind.Array && rule.GetBoolean():
                    var items = value.EnumerateArray().Select(i => i.GetRawText()).ToList();
                    if (items.Distinct().Count() != items.Count)
                    {
                        errors.Add($"{path}: items are not unique");
                    }

                    break;
                case "minLength" when value.ValueKind == JsonValueKind.String && value.GetString()!.Length < rule.GetInt32():
                    errors.Add($"{path}: shorter than {rule.GetInt32()}");
                    break;
                case "minimum" when value.ValueKind == JsonValueKind.Number && value.GetDecimal() < rule.GetDecimal():
                    errors.Add($"{path}: below {rule.GetDecimal()}");
                    break;
                case "pattern" when value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, rule.GetString()!):
                    errors.Add($"{path}: '{value.GetString()}' does not match {rule.GetString()}");
                    break;
                case "oneOf":
                    var matching = rule.EnumerateArray().Count(s => Passes(s, value, path));
                    if (matching != 1)
                    {
                        errors.Add($"{path}: matches {matching} of the oneOf schemas instead of exactly one");
                    }

                    break;
                case "anyOf" when !rule.EnumerateArray().Any(s => Passes(s, value, path)):
                    errors.Add($"{path}: matches none of the anyOf schemas");
                    break;
                case "allOf":
                    foreach (var sub in rule.EnumerateArray())
                    {
                        Check(sub, value, path, errors);
                    }

                    break;
                case "if" when Passes(rule, value, path) && schema.TryGetProperty("then", out var then):
                    Check(then, value, path, errors);
                    break;
            }
        }
    }

    private bool Passes(JsonElement schema, JsonElement value, string path)
    {
        var errors = new List<string>();
        Check(schema, value, path, errors);
        return errors.Count == 0;
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };
}
