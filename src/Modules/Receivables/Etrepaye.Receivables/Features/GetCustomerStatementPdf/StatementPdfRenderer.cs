using System.Globalization;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Features.GetCustomerStatement;
using Etrepaye.Shared.Documents;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Etrepaye.Receivables.Features.GetCustomerStatementPdf;

/// <summary>The words of a statement in one language.</summary>
internal sealed record StatementTexts(
    CultureInfo Culture, string DateFormat, string Title, string Customer, string CustomerReference, string AsOf, string PrintedOn, string[] Columns,
    IReadOnlyDictionary<string, string> Types, string OpenDebits, string Overdue, string UnappliedCredits, string Balance, string Totals, string NoItem,
    string Disputed, string Page)
{
    public static readonly StatementTexts French = new(
        CultureFor("fr-FR"), "dd/MM/yyyy", "Relevé de compte", "Client", "Référence client", "Situation au", "Édité le",
        ["Pièce", "Type", "Date", "Échéance", "Montant", "Reste dû", "Retard (j)"],
        new Dictionary<string, string> { ["Invoice"] = "Facture", ["CreditNote"] = "Avoir", ["Payment"] = "Règlement", ["Adjustment"] = "Ajustement" },
        "Total dû", "dont échu", "Règlements et avoirs non imputés", "Solde", "Totaux par devise", "Aucune pièce ouverte à cette date.", "litige", "Page");

    public static readonly StatementTexts English = new(
        CultureFor("en-GB"), "dd MMM yyyy", "Statement of account", "Customer", "Customer reference", "As of", "Printed on",
        ["Reference", "Type", "Issue date", "Due date", "Amount", "Open amount", "Days late"],
        new Dictionary<string, string> { ["Invoice"] = "Invoice", ["CreditNote"] = "Credit note", ["Payment"] = "Payment", ["Adjustment"] = "Adjustment" },
        "Open debits", "of which overdue", "Unapplied payments and credits", "Balance", "Totals per currency", "No open item on this date.", "disputed", "Page");

    // The PDF's standard fonts have no narrow no-break space, which .NET uses to group French digits.
    private static CultureInfo CultureFor(string name)
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(name).Clone();
        culture.NumberFormat.NumberGroupSeparator = name.StartsWith("fr", StringComparison.Ordinal) ? " " : ",";
        return culture;
    }

    public string Money(decimal amount, string currency) => $"{amount.ToString("N2", Culture)} {currency}";

    public string Date(DateOnly? date) => date?.ToString(DateFormat, Culture) ?? "";
}

/// <summary>
/// Lays a statement out on landscape A4 pages: header, the open items as a table, totals per currency. The font (DejaVu Sans Condensed)
/// is embedded (Etrepaye.Shared), because the PDF standard fonts cannot write accented letters.
/// </summary>
internal static class StatementPdfRenderer
{
    private const double Left = 40;
    private const double Right = 800;
    private const double Top = 550;
    private const double Bottom = 50;
    private const double RowHeight = 14;
    private static readonly double[] _columnStarts = [Left, 330, 420, 490, 560, 660, 750];
    private static readonly bool[] _rightAligned = [false, false, false, false, true, true, true];
    public static byte[] Render(CustomerStatementResponse statement, StatementTexts texts, DateOnly printedOn)
    {
        var builder = new PdfDocumentBuilder();
        var (regular, bold) = PdfFonts.Add(builder, [
            statement.Name, statement.Reference, texts.Title, .. texts.Columns, .. texts.Types.Values,
            .. statement.Items.SelectMany(i => new[] { i.Reference, i.Type, i.Amount.Currency }), .. statement.Balances.Select(b => b.Currency)]);
        builder.DocumentInformation.Title = $"{texts.Title} {statement.Reference} {texts.Date(statement.AsOf)}";
        builder.DocumentInformation.Producer = "Etrepaye";
        var pages = new List<PdfPageBuilder>();
        PdfPageBuilder page = null!;
        var y = 0d;

        void NewPage()
        {
            page = builder.AddPage(PageSize.A4, isPortrait: false);
            pages.Add(page);
            y = Top;
            page.AddText(Printable(texts.Title), 16, new PdfPoint(Left, y), bold);
            y -= 24;
            page.AddText(Printable($"{texts.Customer}: {statement.Name}"), 11, new PdfPoint(Left, y), bold);
            y -= 15;
            page.AddText(Printable($"{texts.CustomerReference}: {statement.Reference}"), 10, new PdfPoint(Left, y), regular);
            y -= 14;
            page.AddText(Printable($"{texts.AsOf} {texts.Date(statement.AsOf)}  -  {texts.PrintedOn} {texts.Date(printedOn)}"), 10, new PdfPoint(Left, y), regular);
            y -= 24;
            for (var i = 0; i < texts.Columns.Length; i++)
            {
                Cell(page, texts.Columns[i], i, y, bold);
            }

            page.DrawLine(new PdfPoint(Left, y - 4), new PdfPoint(Right, y - 4), 0.5);
            y -= RowHeight + 4;
        }

        NewPage();
        if (statement.Items.Count == 0)
        {
            page.AddText(Printable(texts.NoItem), 10, new PdfPoint(Left, y), regular);
            y -= RowHeight;
        }

        foreach (var item in statement.Items)
        {
            if (y < Bottom)
            {
                NewPage();
            }

            string[] cells =
            [
                item.Reference, texts.Types.GetValueOrDefault(item.Type, item.Type) + (item.Disputed ? $" ({texts.Disputed})" : ""),
                texts.Date(item.IssueDate), texts.Date(item.DueDate), texts.Money(item.Amount.Amount, item.Amount.Currency),
                texts.Money(item.OpenAmount.Amount, item.OpenAmount.Currency), item.DaysPastDue > 0 ? item.DaysPastDue.ToString(texts.Culture) : "",
            ];
            for (var i = 0; i < cells.Length; i++)
            {
                Cell(page, cells[i], i, y, regular);
            }

            y -= RowHeight;
        }

        var totalsHeight = 30 + (statement.Balances.Count * 4 * RowHeight);
        if (y - totalsHeight < Bottom)
        {
            NewPage();
        }

        y -= 10;
        page.DrawLine(new PdfPoint(Left, y + RowHeight - 4), new PdfPoint(Right, y + RowHeight - 4), 0.5);
        page.AddText(Printable(texts.Totals), 11, new PdfPoint(Left, y), bold);
        y -= RowHeight + 4;
        foreach (var balance in statement.Balances)
        {
            foreach (var (label, amount, font) in BalanceLines(balance, texts, regular, bold))
            {
                page.AddText(Printable(label), 10, new PdfPoint(Left + 10, y), font);
                RightText(page, texts.Money(amount, balance.Currency), Right, y, 10, font);
                y -= RowHeight;
            }

            y -= 4;
        }

        for (var i = 0; i < pages.Count; i++)
        {
            RightText(pages[i], $"{texts.Page} {i + 1} / {pages.Count}", Right, 25, 8, regular);
        }

        return builder.Build();
    }

    private static IEnumerable<(string Label, decimal Amount, PdfDocumentBuilder.AddedFont Font)> BalanceLines(
        CurrencyBalanceDto balance, StatementTexts texts, PdfDocumentBuilder.AddedFont regular, PdfDocumentBuilder.AddedFont bold)
    {
        yield return ($"{texts.OpenDebits} ({balance.Currency})", balance.OpenDebits, regular);
        yield return ($"    {texts.Overdue}", balance.Overdue, regular);
        yield return (texts.UnappliedCredits, balance.UnappliedCredits, regular);
        yield return ($"{texts.Balance} ({balance.Currency})", balance.Balance, bold);
    }

    private static void Cell(PdfPageBuilder page, string text, int column, double y, PdfDocumentBuilder.AddedFont font)
    {
        var limit = column + 1 < _columnStarts.Length ? _columnStarts[column + 1] - 6 : Right;
        if (_rightAligned[column])
        {
            RightText(page, text, limit, y, 8.5, font);
            return;
        }

        // A long reference is written smaller rather than cut, down to 6 points.
        var shown = Printable(text);
        var size = 8.5;
        while (size > 6 && Width(page, shown, size, font) > limit - _columnStarts[column])
        {
            size -= 0.5;
        }

        while (shown.Length > 1 && Width(page, shown, size, font) > limit - _columnStarts[column])
        {
            shown = shown[..^2] + "…";
        }

        page.AddText(shown, size, new PdfPoint(_columnStarts[column], y), font);
    }

    private static void RightText(PdfPageBuilder page, string text, double right, double y, double size, PdfDocumentBuilder.AddedFont font)
    {
        var shown = Printable(text);
        page.AddText(shown, size, new PdfPoint(right - Width(page, shown, size, font), y), font);
    }

    private static double Width(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font)
    {
        var letters = page.MeasureText(text, size, new PdfPoint(0, 0), font);
        return letters.Count == 0 ? 0 : letters.Max(l => l.EndBaseLine.X);
    }

    /// <summary>Latin, Greek and Cyrillic letters and the usual punctuation are written; anything the font may lack is shown as '?'.</summary>
    private static string Printable(string text) =>
        new([.. text.Select(c => c is (>= ' ' and <= '~') or (>= '\u00A0' and <= '\u024F') or (>= '\u0370' and <= '\u04FF') or (>= '\u2010' and <= '\u2044') or '€' ? c : '?')]);
}
