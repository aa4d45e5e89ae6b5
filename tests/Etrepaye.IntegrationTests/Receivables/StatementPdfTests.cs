using System.Net;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features;
using Etrepaye.Receivables.Features.GetCustomerStatement;
using Etrepaye.Shared.Documents;
using UglyToad.PdfPig;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>The customer statement as a PDF: read back with PdfPig, it holds what the JSON statement holds.</summary>
public sealed class StatementPdfTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task GetStatementPdf_WhenFrench_HoldsTheCustomerTheOpenItemsAndTheTotalsOfTheJsonStatement()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateCustomerAsync(op, _company);
        var late = await RecordAsync(op, _company, "invoices", customer.Id, 1234.56m, "2026-01-05", "2026-02-04");
        var notDue = await RecordAsync(op, _company, "invoices", customer.Id, 800m, "2026-02-20", "2026-03-22", disputed: true);
        var usd = await RecordAsync(op, _company, "invoices", customer.Id, 99.5m, "2026-02-01", "2026-02-10", currency: "USD");
        await RecordAsync(op, _company, "payments", customer.Id, 100m, "2026-02-25");
        var json = await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement?asOf=2026-02-28")).ReadAsync<CustomerStatementResponse>();

        var response = await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement.pdf?asOf=2026-02-28&language=fr");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"releve-{customer.Reference}-2026-02-28.pdf");
        var text = PdfText(await response.Content.ReadAsByteArrayAsync());
        text.ShouldContain("Relevé de compte");
        text.ShouldContain(customer.Name);
        text.ShouldContain(customer.Reference);
        text.ShouldContain("Situation au 28/02/2026");
        foreach (var item in json.Items)
        {
            text.ShouldContain(item.Reference);
        }

        text.ShouldContain("1 234,56 EUR");
        text.ShouldContain("Facture (litige)");
        text.ShouldContain("Règlement");
        text.ShouldContain("99,50 USD");
        var eur = json.Balances.Single(b => b.Currency == "EUR");
        (eur.OpenDebits, eur.Overdue, eur.UnappliedCredits, eur.Balance).ShouldBe((2034.56m, 1234.56m, 100m, 1934.56m));
        text.ShouldContain("Total dû (EUR) 2 034,56 EUR");
        text.ShouldContain("dont échu 1 234,56 EUR");
        text.ShouldContain("Solde (EUR) 1 934,56 EUR");
        text.ShouldContain("Solde (USD) 99,50 USD");
        new[] { late.Reference, notDue.Reference, usd.Reference }.ShouldAllBe(r => text.Contains(r));
    }

    [Fact]
    public async Task GetStatementPdf_WhenEnglishAndManyItems_RunsOverSeveralPagesWithEveryItem()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateCustomerAsync(op, _company);
        var references = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            references.Add((await RecordAsync(op, _company, "invoices", customer.Id, 10m + i, "2026-01-05", "2026-02-04")).Reference);
        }

        var response = await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement.pdf?asOf=2026-03-01&language=en");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        using var document = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        document.NumberOfPages.ShouldBeGreaterThan(1);
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        text.ShouldContain("Statement of account");
        text.ShouldContain($"Page 1 / {document.NumberOfPages}");
        references.ShouldAllBe(r => text.Contains(r));
        text.ShouldContain("Balance (EUR) 2,370.00 EUR");
    }

    [Fact]
    public async Task GetStatementPdf_WhenTheCustomerNameHasAccentsTheEuroSignAndTypographicPunctuation_WritesThemWithTheReducedFonts()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var name = $"Société « Café de l’Œuvre » – Ærø Łódź Αθήνα Москва € {Guid.NewGuid().ToString("N")[..6]}";
        var customer = await (await op.PostJsonAsync($"{Base(_company)}/customers", new
        {
            reference = NewReference("C"),
            name,
            currency = "EUR",
            paymentTermsDays = 30,
            contacts = new[] { new { name = "Anna Billing", role = "Billing", email = "anna@example.com", preferredChannel = "Email" } },
        })).ReadAsync<CustomerResponse>();
        await RecordAsync(op, _company, "invoices", customer.Id, 1234.56m, "2026-01-05", "2026-02-04");

        var response = await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement.pdf?asOf=2026-02-28&language=fr");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = PdfText(pdf);
        text.ShouldContain("Relevé de compte");
        text.ShouldContain("Échéance");
        foreach (var word in name.Split(' '))
        {
            text.ShouldContain(word);
        }

        using var document = PdfDocument.Open(pdf);
        document.GetPage(1).Letters.Select(l => l.FontName).Distinct().ShouldAllBe(f => f != null && f.Contains("DejaVuSansCondensed", StringComparison.Ordinal));
        PdfFonts.FontFile(bold: false).Length.ShouldBeLessThan(150_000);
        PdfFonts.FontFile(bold: true).Length.ShouldBeLessThan(150_000);
    }

    [Fact]
    public async Task GetStatementPdf_WhenAsOfOrLanguageIsWrong_Returns400NamingThem()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateCustomerAsync(op, _company);

        var response = await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement.pdf?language=de");

        (await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["asOf", "language"], ignoreOrder: true);
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }
}
