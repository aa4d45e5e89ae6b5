using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Etrepaye.Bench.Pdf;

/// <summary>A one-page French statement laid out like the customer statement (title, header, 25 rows of 7 cells, totals), measured cells included.</summary>
internal static class StatementLike
{
    public static byte[] Render(Func<PdfDocumentBuilder, (PdfDocumentBuilder.AddedFont Regular, PdfDocumentBuilder.AddedFont Bold)> fonts)
    {
        var builder = new PdfDocumentBuilder();
        var (regular, bold) = fonts(builder);
        builder.DocumentInformation.Title = "Relevé de compte C-000123";
        var page = builder.AddPage(PageSize.A4, isPortrait: false);
        var y = 550d;
        page.AddText("Relevé de compte", 16, new PdfPoint(40, y), bold);
        page.AddText("Client : Société Générale d’Équipement – Sàrl", 11, new PdfPoint(40, y -= 24), bold);
        page.AddText("« Règlement » – ½ ‰", 10, new PdfPoint(40, y -= 15), regular);
        string[] columns = ["Pièce", "Type", "Date", "Échéance", "Montant", "Reste dû", "Retard (j)"];
        double[] starts = [40, 330, 420, 490, 560, 660, 750];
        y -= 24;
        for (var i = 0; i < columns.Length; i++)
        {
            page.AddText(columns[i], 8.5, new PdfPoint(starts[i], y), bold);
        }

        for (var row = 0; row < 25; row++)
        {
            y -= 14;
            string[] cells = [$"FAC-2026-{row:D5}", row % 3 == 0 ? "Facture (litige)" : "Facture", "05/01/2026", "04/02/2026", "1 234,56 €", "1 234,56 €", $"{row + 3}"];
            for (var i = 0; i < cells.Length; i++)
            {
                var width = page.MeasureText(cells[i], 8.5, new PdfPoint(0, 0), regular).Max(l => l.EndBaseLine.X);
                page.AddText(cells[i], 8.5, new PdfPoint(i >= 4 ? starts[Math.Min(i + 1, 6)] - 6 - width : starts[i], y), regular);
            }
        }

        page.AddText("Solde (EUR) 30 864,00 €", 10, new PdfPoint(50, y - 24), bold);
        page.AddText("Page 1 / 1", 8, new PdfPoint(760, 25), regular);
        return builder.Build();
    }
}
