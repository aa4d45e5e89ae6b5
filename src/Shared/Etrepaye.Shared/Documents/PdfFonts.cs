using UglyToad.PdfPig.Writer;

namespace Etrepaye.Shared.Documents;

/// <summary>
/// The TrueType fonts embedded in generated PDFs (DejaVu Sans Condensed, regular and bold): unlike the PDF standard
/// fonts they write accented letters, the euro sign and typographic punctuation.
/// </summary>
public static class PdfFonts
{
    private static readonly Lazy<byte[]> _regular = new(() => Read("DejaVuSansCondensed.ttf"));
    private static readonly Lazy<byte[]> _bold = new(() => Read("DejaVuSansCondensed-Bold.ttf"));

    public static PdfDocumentBuilder.AddedFont AddRegular(PdfDocumentBuilder builder) => builder.AddTrueTypeFont(_regular.Value);

    public static PdfDocumentBuilder.AddedFont AddBold(PdfDocumentBuilder builder) => builder.AddTrueTypeFont(_bold.Value);

    private static byte[] Read(string name)
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"Etrepaye.Shared.Fonts.{name}")
            ?? throw new InvalidOperationException($"The font {name} is not embedded in Etrepaye.Shared.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
