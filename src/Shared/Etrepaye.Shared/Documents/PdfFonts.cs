using UglyToad.PdfPig.Writer;

namespace Etrepaye.Shared.Documents;

/// <summary>
/// The TrueType fonts embedded in generated PDFs (DejaVu Sans Condensed, regular and bold): unlike the PDF standard
/// fonts they write accented letters, the euro sign and typographic punctuation. The embedded files are reduced to the
/// characters <see cref="CanWrite"/> accepts (bench/Etrepaye.Bench.Pdf writes them from Documents/Fonts/Source), because
/// PdfPig parses and subsets the whole font for every document and the full fonts hold thousands of glyphs.
/// </summary>
public static class PdfFonts
{
    public const string RegularFile = "DejaVuSansCondensed-Reduced.ttf";
    public const string BoldFile = "DejaVuSansCondensed-Bold-Reduced.ttf";

    private static readonly Lazy<byte[]> _regular = new(() => Read(RegularFile));
    private static readonly Lazy<byte[]> _bold = new(() => Read(BoldFile));

    public static PdfDocumentBuilder.AddedFont AddRegular(PdfDocumentBuilder builder) => builder.AddTrueTypeFont(_regular.Value);

    public static PdfDocumentBuilder.AddedFont AddBold(PdfDocumentBuilder builder) => builder.AddTrueTypeFont(_bold.Value);

    /// <summary>The embedded font file (regular or bold), as PdfPig receives it.</summary>
    public static ReadOnlySpan<byte> FontFile(bool bold) => bold ? _bold.Value : _regular.Value;

    /// <summary>
    /// Whether the reduced fonts keep a glyph for the character: Latin (Basic to Extended-B, spacing modifiers), Greek,
    /// Cyrillic, general punctuation, currency symbols (€), №, ™ and the minus sign.
    /// </summary>
    public static bool CanWrite(char c) =>
        c is (>= ' ' and <= '~') or (>= '\u00A0' and <= '\u024F') or (>= '\u02C6' and <= '\u02DD') or (>= '\u0370' and <= '\u04FF')
            or (>= '\u2010' and <= '\u2044') or (>= '\u20A0' and <= '\u20B5') or (>= '\u20B8' and <= '\u20BA') or '\u20BD' or '\u2116' or '\u2122' or '\u2212';

    /// <summary>The text with control characters as spaces and any character the fonts cannot write as '?'.</summary>
    public static string Printable(string text) =>
        new([.. text.Select(c => char.IsControl(c) ? ' ' : CanWrite(c) ? c : '?')]);

    private static byte[] Read(string name)
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"Etrepaye.Shared.Fonts.{name}")
            ?? throw new InvalidOperationException($"The font {name} is not embedded in Etrepaye.Shared.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
