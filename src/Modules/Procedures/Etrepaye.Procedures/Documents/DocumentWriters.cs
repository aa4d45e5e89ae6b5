using System.Net;
using System.Text;
using Etrepaye.Shared.Documents;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Etrepaye.Procedures.Documents;

internal static class HtmlDocumentWriter
{
    public static string Write(DocumentModel model)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var t = model.Texts;
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html>\n<html lang=\"{t.Language}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{E(model.Title)}</title>\n")
            .Append("<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}")
            .Append("th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}th{width:9rem;background:#f3f3f3}</style>\n</head>\n<body>\n")
            .Append($"<h1>{E(model.Title)}</h1>\n<p class=\"version\">{E(model.Subtitle)}</p>\n");
        if (model.Description is not null)
        {
            html.Append($"<p>{E(model.Description)}</p>\n");
        }

        html.Append($"<p>{E(model.Start)}</p>\n");
        foreach (var step in model.Steps)
        {
            html.Append($"<section id=\"step-{E(step.ActivityId)}\">\n<h2>{E(t.Step)} {step.Number}. {E(step.Title)}</h2>\n<table>\n")
                .Append($"<tr><th>{E(t.Who)}</th><td>{E(step.Who)}</td></tr>\n")
                .Append($"<tr><th>{E(t.What)}</th><td>{E(step.What)}</td></tr>\n")
                .Append($"<tr><th>{E(t.When)}</th><td>{E(step.When)}</td></tr>\n")
                .Append($"<tr><th>{E(t.Channel)}</th><td>{E(step.Channel)}</td></tr>\n")
                .Append($"<tr><th>{E(t.Condition)}</th><td>{E(step.Condition)}</td></tr>\n")
                .Append($"<tr><th>{E(t.Outcomes)}</th><td><ul>");
            foreach (var outcome in step.Outcomes)
            {
                html.Append($"<li><strong>{E(outcome.Port)}</strong>: {E(outcome.Next)}</li>");
            }

            html.Append("</ul></td></tr>\n</table>\n</section>\n");
        }

        if (model.Events.Count > 0)
        {
            html.Append($"<h2>{E(t.Events)}</h2>\n<ul>\n");
            foreach (var line in model.Events)
            {
                html.Append($"<li>{E(line)}</li>\n");
            }

            html.Append("</ul>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }
}

/// <summary>A plain A4 document in the embedded DejaVu fonts, so French accents print.</summary>
internal static class PdfDocumentWriter
{
    private const double Margin = 50;
    private const int WrapAt = 95;

    public static byte[] Write(DocumentModel model)
    {
        var t = model.Texts;
        using var builder = new PdfDocumentBuilder();
        var regular = PdfFonts.AddRegular(builder);
        var bold = PdfFonts.AddBold(builder);
        var page = builder.AddPage(PageSize.A4);
        var top = page.PageSize.Height - Margin;
        var y = top;

        void Line(string text, double size, PdfDocumentBuilder.AddedFont font, double indent = 0)
        {
            foreach (var part in Wrap(PdfFonts.Printable(text), (int)(WrapAt * 10 / size) - (int)(indent / 5)))
            {
                if (y < Margin + size)
                {
                    page = builder.AddPage(PageSize.A4);
                    y = top;
                }

                page.AddText(part, size, new PdfPoint(Margin + indent, y), font);
                y -= size * 1.4;
            }
        }

        Line(model.Title, 16, bold);
        Line(model.Subtitle, 10, regular);
        if (model.Description is not null)
        {
            Line(model.Description, 10, regular);
        }

        Line(model.Start, 10, regular);
        foreach (var step in model.Steps)
        {
            y -= 8;
            Line($"{t.Step} {step.Number}. {step.Title}", 12, bold);
            Line($"{t.Who}: {step.Who}", 10, regular, 10);
            Line($"{t.What}: {step.What}", 10, regular, 10);
            Line($"{t.When}: {step.When}", 10, regular, 10);
            Line($"{t.Channel}: {step.Channel}", 10, regular, 10);
            Line($"{t.Condition}: {step.Condition}", 10, regular, 10);
            Line($"{t.Outcomes}:", 10, regular, 10);
            foreach (var outcome in step.Outcomes)
            {
                Line($"- {outcome.Port}: {outcome.Next}", 10, regular, 20);
            }
        }

        if (model.Events.Count > 0)
        {
            y -= 8;
            Line(t.Events, 12, bold);
            foreach (var line in model.Events)
            {
                Line($"- {line}", 10, regular, 10);
            }
        }

        return builder.Build();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + word.Length + 1 > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length == 0 ? word : $" {word}");
        }

        yield return line.ToString();
    }
}
