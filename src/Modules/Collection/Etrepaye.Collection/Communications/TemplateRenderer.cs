using FluentValidation;
using FluentValidation.Results;
using Fluid;

namespace Etrepaye.Collection.Communications;

/// <summary>Renders Liquid templates (Fluid) against a model of dictionaries, lists and texts.</summary>
internal static class TemplateRenderer
{
    private static readonly FluidParser _parser = new();
    private static readonly TemplateOptions _options = new();

    /// <summary>Checks a template's syntax; the error names the field it came from.</summary>
    public static IFluidTemplate Parse(string text, string field)
    {
        if (!_parser.TryParse(text, out var template, out var error))
        {
            throw new ValidationException([new ValidationFailure(field, $"The {field} is not a valid Liquid template: {error}")]);
        }

        return template;
    }

    public static async Task<string> RenderAsync(string text, string field, IReadOnlyDictionary<string, object?> model)
    {
        var template = Parse(text, field);
        var context = new TemplateContext(_options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }

        var rendered = await template.RenderAsync(context);
        return Tidy(rendered);
    }

    // Liquid tags leave blank lines behind; more than one empty line in a row is never meant.
    private static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        var kept = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0 && (kept.Count == 0 || kept[^1].Length == 0))
            {
                continue;
            }

            kept.Add(line);
        }

        return string.Join('\n', kept).Trim('\n');
    }
}
