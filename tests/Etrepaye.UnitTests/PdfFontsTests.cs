using Etrepaye.Shared.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Etrepaye.UnitTests;

public sealed class PdfFontsTests
{
    private static readonly char[] _writable = [.. Enumerable.Range(0x20, 0x10000 - 0x20).Select(c => (char)c).Where(PdfFonts.CanWrite).Where(IsAssigned)];

    [Fact]
    public void FontFiles_WhenEmbedded_AreTheReducedOnes()
    {
        PdfFonts.FontFile(bold: false).Length.ShouldBeInRange(20_000, 150_000);
        PdfFonts.FontFile(bold: true).Length.ShouldBeInRange(20_000, 150_000);
        PdfFonts.FontFile(bold: false, latin: true).Length.ShouldBeInRange(20_000, 80_000);
        PdfFonts.FontFile(bold: true, latin: true).Length.ShouldBeInRange(20_000, 80_000);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void AddText_WhenEveryCharacterTheFontsKeep_ReadsBackTheSameText(bool bold, bool latin)
    {
        // PdfPig writes at most 255 distinct characters per simple font, hence one document per chunk.
        foreach (var chunk in _writable.Where(c => c != ' ' && (!latin || PdfFonts.IsLatin(c))).Chunk(200))
        {
            var builder = new PdfDocumentBuilder();
            var sample = latin ? "é" : "Ж";
            var fonts = PdfFonts.Add(builder, [sample]);
            var font = bold ? fonts.Bold : fonts.Regular;
            var page = builder.AddPage(PageSize.A4);
            var lines = chunk.Chunk(40).Select(line => new string(line)).ToArray();
            for (var i = 0; i < lines.Length; i++)
            {
                page.AddText(lines[i], 9, new PdfPoint(30, 800 - (i * 14)), font);
            }

            using var document = PdfDocument.Open(builder.Build());
            document.GetPage(1).Letters[0].FontName!.ShouldContain(bold ? "Bold" : "DejaVuSansCondensed");
            var letters = string.Concat(document.GetPage(1).Letters.Select(l => l.Value));
            letters.ShouldBe(string.Concat(lines));
        }
    }

    [Fact]
    public void Add_WhenATextNeedsGreekCyrillicOrLatinExtendedB_ChoosesTheWiderFontsElseTheLatinOnes()
    {
        PdfFonts.LatinSuffices(["Société « Œuvre » – 1 234,56 € № ™", null, "中文 😀"]).ShouldBeTrue();
        PdfFonts.LatinSuffices(["Société", "Москва"]).ShouldBeFalse();
        PdfFonts.LatinSuffices(["Αθήνα"]).ShouldBeFalse();
        PdfFonts.LatinSuffices(["Ǆ"]).ShouldBeFalse();
    }

    [Fact]
    public void Printable_WhenTheTextHasCharactersOutsideTheFonts_ReplacesThemAndKeepsFrenchAndTheEuroSign()
    {
        PdfFonts.Printable("Échéance « réglée » : 1 234,56 € – œuvre\tfin 中文 😀 ا").ShouldBe("Échéance « réglée » : 1 234,56 € – œuvre fin ?? ?? ?");
    }

    private static bool IsAssigned(char c) => char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.OtherNotAssigned;
}
