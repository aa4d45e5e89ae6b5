using Etrepaye.Shared.Documents;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Etrepaye.Collection.Communications;

/// <summary>
/// Lays a letter's text out on A4 portrait pages with the shared DejaVu fonts embedded (the PDF standard
/// fonts cannot write accented letters): the subject in bold, then the body wrapped to the page width.
/// </summary>
internal static class LetterPdfWriter
{
    private const double Left = 56;
    private const double Right = 540;
    private const double Top = 790;
    private const double Bottom = 60;
    private const double FontSize = 10;
    private const double LineHeight = 13.5;
    public static byte[] Write(string title, string body)
    {
        var builder = new PdfDocumentBuilder();
        var (regular, bold) = PdfFonts.Add(builder, [title, body]);
        builder.DocumentInformation.Title = Printable(title);
        builder.DocumentInformation.Producer = "Etrepaye";
        var page = builder.AddPage(PageSize.A4);
        var y = Top;
        page.AddText(Printable(title), 13, new PdfPoint(Left, y), bold);
        y -= 28;
        foreach (var paragraph in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            foreach (var line in Wrap(page, Printable(paragraph), regular))
            {
                if (y < Bottom)
                {
                    page = builder.AddPage(PageSize.A4);
                    y = Top;
                }

                if (line.Length > 0)
                {
                    page.AddText(line, FontSize, new PdfPoint(Left, y), regular);
                }

                y -= LineHeight;
            }
        }

        return builder.Build();
    }

    private static IEnumerable<string> Wrap(PdfPageBuilder page, string text, PdfDocumentBuilder.AddedFont font)
    {
        if (text.Length == 0)
        {
            yield return "";
            yield break;
        }

        var indent = new string(' ', text.Length - text.TrimStart().Length);
        var line = "";
        foreach (var word in text.Trim().Split(' '))
        {
            var candidate = line.Length == 0 ? indent + word : line + " " + word;
            if (line.Length > 0 && Width(page, candidate, font) > Right - Left)
            {
                yield return line;
                candidate = indent + "  " + word;
            }

            line = candidate;
        }

        yield return line;
    }

    private static double Width(PdfPageBuilder page, string text, PdfDocumentBuilder.AddedFont font)
    {
        var letters = page.MeasureText(text, FontSize, new PdfPoint(0, 0), font);
        return letters.Count == 0 ? 0 : letters.Max(l => l.EndBaseLine.X);
    }

    private static string Printable(string text) =>
        new([.. text.Select(c => c is (>= ' ' and <= '~') or (>= '\u00A0' and <= '\u024F') or (>= '\u2010' and <= '\u2044') or '€' ? c : c == '\t' ? ' ' : '?')]);
}
