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
    public const string LatinRegularFile = "DejaVuSansCondensed-Latin.ttf";
    public const string LatinBoldFile = "DejaVuSansCondensed-Bold-Latin.ttf";

    private static readonly Lazy<byte[]> _regular = new(() => Read(RegularFile));
    private static readonly Lazy<byte[]> _bold = new(() => Read(BoldFile));
    private static readonly Lazy<byte[]> _latinRegular = new(() => Read(LatinRegularFile));
    private static readonly Lazy<byte[]> _latinBold = new(() => Read(LatinBoldFile));

    public static PdfDocumentBuilder.AddedFont AddRegular(PdfDocumentBuilder builder) => builder.AddTrueTypeFont(_regular.Value);

    public static PdfDocumentBuilder.AddedFont AddBold(PdfDocumentBuilder builder) => builder.AddTrueTypeFont(_bold.Value);

    /// <summary>
    /// Adds the regular and bold fonts for a document whose variable text is known: the Latin-only pair (a third of the
    /// glyphs, so cheaper to parse) when every character of the texts is Latin or would be written as '?' anyway.
    /// </summary>
    public static (PdfDocumentBuilder.AddedFont Regular, PdfDocumentBuilder.AddedFont Bold) Add(PdfDocumentBuilder builder, IEnumerable<string?> texts)
    {
        return LatinSuffices(texts)
            ? (builder.AddTrueTypeFont(_latinRegular.Value), builder.AddTrueTypeFont(_latinBold.Value))
            : (AddRegular(builder), AddBold(builder));
    }

    /// <summary>Whether every character of the texts is in the Latin-only fonts or outside both (and so written as '?').</summary>
    public static bool LatinSuffices(IEnumerable<string?> texts) =>
        texts.All(text => text is null || text.All(c => IsLatin(c) || !CanWrite(c)));

    /// <summary>An embedded font file, as PdfPig receives it.</summary>
    public static ReadOnlySpan<byte> FontFile(bool bold, bool latin = false) =>
        (bold, latin) switch { (false, false) => _regular.Value, (true, false) => _bold.Value, (false, true) => _latinRegular.Value, (true, true) => _latinBold.Value };

    /// <summary>Whether the Latin-only fonts keep a glyph for the character (a subset of <see cref="CanWrite"/>: no Latin Extended-B, Greek or Cyrillic).</summary>
    public static bool IsLatin(char c) =>
        c is (>= ' ' and <= '~') or (>= '\u00A0' and <= '\u017F') or (>= '\u02C6' and <= '\u02DD') or (>= '\u2010' and <= '\u2044')
            or (>= '\u20A0' and <= '\u20B5') or (>= '\u20B8' and <= '\u20BA') or '\u20BD' or '\u2116' or '\u2122' or '\u2212';

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
