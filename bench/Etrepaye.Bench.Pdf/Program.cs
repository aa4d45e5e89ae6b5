using System.Diagnostics;
using System.Globalization;
using Etrepaye.Bench.Pdf;
using Etrepaye.Shared.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Writer;

// "fonts" writes the reduced fonts embedded in Etrepaye.Shared from the full DejaVu fonts (Documents/Fonts/Source);
// "bench" renders statement-sized PDFs with the full fonts and with the embedded reduced ones and prints the CPU per document.
var mode = args.FirstOrDefault() ?? "bench";
var fontsFolder = Path.Combine(RepositoryRoot(), "src", "Shared", "Etrepaye.Shared", "Documents", "Fonts");
var culture = CultureInfo.InvariantCulture;

if (mode == "fonts")
{
    var all = Enumerable.Range(0, 0x10000).Select(c => (char)c).ToArray();
    foreach (var (source, target, characters) in new[]
    {
        ("DejaVuSansCondensed.ttf", PdfFonts.RegularFile, all.Where(PdfFonts.CanWrite)), ("DejaVuSansCondensed-Bold.ttf", PdfFonts.BoldFile, all.Where(PdfFonts.CanWrite)),
        ("DejaVuSansCondensed.ttf", PdfFonts.LatinRegularFile, all.Where(PdfFonts.IsLatin)), ("DejaVuSansCondensed-Bold.ttf", PdfFonts.LatinBoldFile, all.Where(PdfFonts.IsLatin)),
    })
    {
        var full = File.ReadAllBytes(Path.Combine(fontsFolder, "Source", source));
        var reduced = FontReducer.Reduce(full, characters);
        File.WriteAllBytes(Path.Combine(fontsFolder, target), reduced.Font);
        Console.WriteLine($"{target}: {reduced.KeptGlyphs} of {reduced.SourceGlyphs} glyphs, {reduced.Font.Length:N0} of {full.Length:N0} bytes; " +
            $"characters without a glyph in the source: {(reduced.Missing.Count == 0 ? "none" : string.Join(" ", reduced.Missing.Select(c => $"U+{(int)c:X4}")))}");
    }

    return 0;
}

if (mode != "bench")
{
    Console.Error.WriteLine("usage: Etrepaye.Bench.Pdf [bench [--documents 200] | fonts]");
    return 2;
}

var documents = args.Length > 2 && args[1] == "--documents" ? int.Parse(args[2], culture) : 200;
var fullRegular = File.ReadAllBytes(Path.Combine(fontsFolder, "Source", "DejaVuSansCondensed.ttf"));
var fullBold = File.ReadAllBytes(Path.Combine(fontsFolder, "Source", "DejaVuSansCondensed-Bold.ttf"));
var variants = new (string Name, Func<PdfDocumentBuilder, (PdfDocumentBuilder.AddedFont, PdfDocumentBuilder.AddedFont)> Fonts)[]
{
    ("full DejaVu fonts (before)", b => (b.AddTrueTypeFont(fullRegular), b.AddTrueTypeFont(fullBold))),
    ("reduced fonts (PdfFonts)", b => (PdfFonts.AddRegular(b), PdfFonts.AddBold(b))),
    ("Latin fonts (PdfFonts.Add)", b => PdfFonts.Add(b, ["Société Générale d’Équipement – Sàrl", "FAC-2026-00001"])),
};

foreach (var (name, fonts) in variants)
{
    var text = Check(StatementLike.Render(fonts));
    foreach (var expected in new[] { "Relevé de compte", "Échéance", "1 234,56 €", "« Règlement » – ½ ‰" })
    {
        if (!text.Contains(expected, StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"{name}: the PDF's text lacks \"{expected}\"");
            return 1;
        }
    }
}

Console.WriteLine($"Etrepaye PDF benchmark: {documents} statement-sized documents (1 page, 2 fonts, 25 rows) per variant, after 20 of warm-up");
var perDocument = new List<double>();
foreach (var (name, fonts) in variants.Where(v => Environment.GetEnvironmentVariable("BENCH_PDF_ONLY") is not { } only || v.Name.StartsWith(only, StringComparison.Ordinal)))
{
    for (var i = 0; i < 20; i++)
    {
        StatementLike.Render(fonts);
    }

    GC.Collect();
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var bytes = 0L;
    for (var i = 0; i < documents; i++)
    {
        bytes += StatementLike.Render(fonts).Length;
    }

    wall.Stop();
    process.Refresh();
    var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / documents;
    perDocument.Add(cpuMs);
    Console.WriteLine($"{name,-28} CPU {cpuMs,8:F2} ms/document, wall {wall.Elapsed.TotalMilliseconds / documents,8:F2} ms/document, {bytes / documents / 1024.0,6:F1} KB/document");
}

if (perDocument.Count == variants.Length)
{
    Console.WriteLine($"CPU per document, full / reduced: {perDocument[0] / perDocument[1]:F1}x; full / Latin: {perDocument[0] / perDocument[2]:F1}x");
}

return 0;

static string Check(byte[] pdf)
{
    using var document = PdfDocument.Open(pdf);
    return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
}

static string RepositoryRoot()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Etrepaye.sln")))
        {
            return folder.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from a build inside the repository (Etrepaye.sln not found above it).");
}
