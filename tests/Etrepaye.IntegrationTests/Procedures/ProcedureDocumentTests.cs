using System.Net;
using Etrepaye.IntegrationTests.Infrastructure;
using UglyToad.PdfPig;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;

namespace Etrepaye.IntegrationTests.Procedures;

/// <summary>The written procedure of the shipped template workflows/examples/invoice-dunning.json, in HTML and PDF, in English and French (the PDF keeps accents: DejaVu fonts are embedded).</summary>
public sealed class ProcedureDocumentTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private static readonly string[] _steps = ["waitGrace", "waitPayment", "isLarge", "call", "waitPromise", "paid", "small", "escalate", "promiseDue"];
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Document_WhenHtmlInEnglish_ListsEveryStepOfTheShippedTemplateWithWhoWhatWhenAndOutcomes()
    {
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);
        var procedure = await PublishedAsync(await _factory.SignInAsync(DemoUsers.CreditManager), _company, name: "Invoice dunning");

        var response = await viewer.GetAsync($"{Base(_company)}/{procedure.Id}/versions/1/document?format=html&lang=en");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        foreach (var step in _steps)
        {
            html.ShouldContain($"id=\"step-{step}\"");
        }

        for (var number = 1; number <= _steps.Length; number++)
        {
            html.ShouldContain($"<h2>Step {number}. ");
        }

        html.ShouldContain("Step 1. Grace period");
        html.ShouldContain("3 business days after the due date (invoice.dueDate)");
        html.ShouldContain("collector (role)");
        html.ShouldContain("Task in the work inbox");
        html.ShouldContain("invoice.amount &gt; 5000 EUR or segment == &quot;Large&quot;");
        html.ShouldContain("<strong>NoAnswer</strong>: then Step 8 (End)");
        html.ShouldContain("When DisputeOpened: the procedure is suspended until DisputeResolved.");
    }

    [Fact]
    public async Task Document_WhenPdfInFrench_ListsEveryStepOfTheShippedTemplate()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedure = await PublishedAsync(manager, _company, name: "Relances");

        var response = await manager.GetAsync($"{Base(_company)}/{procedure.Id}/versions/1/document?format=pdf&lang=fr");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        for (var number = 1; number <= _steps.Length; number++)
        {
            text.ShouldContain($"Étape {number}.");
        }

        text.ShouldContain("Procédure : Relances");
        text.ShouldContain("Grace period");
        text.ShouldContain("Call the customer");
        text.ShouldContain("3 jours ouvrés après la date d'échéance (invoice.dueDate)");
        text.ShouldContain("Tâche dans la corbeille de travail");
    }

    [Fact]
    public async Task Document_WhenFormatIsUnknown_Returns400NamingIt()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedure = await PublishedAsync(manager, _company);

        var problem = await (await manager.GetAsync($"{Base(_company)}/{procedure.Id}/versions/1/document?format=docx&lang=de")).ShouldHaveStatusAsync(HttpStatusCode.BadRequest);

        problem.ErrorFields().ShouldBe(["format", "lang"], ignoreOrder: true);
    }

    [Fact]
    public async Task DraftDocument_WhenTheDraftIsNotPublished_RendersItInHtmlAndPdf()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var procedure = await CreateFromTemplateAsync(consultant, _company, "Brouillon à relire");

        var html = await consultant.GetAsync($"{Base(_company)}/{procedure.Id}/draft/document?format=html&lang=en");
        var pdf = await consultant.GetAsync($"{Base(_company)}/{procedure.Id}/draft/document?format=pdf&lang=fr");

        html.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await html.Content.ReadAsStringAsync();
        text.ShouldContain("<p class=\"version\">draft</p>");
        text.ShouldContain("id=\"step-waitGrace\"");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        pdf.Content.Headers.ContentDisposition!.FileName.ShouldBe($"procedure-{procedure.Id}-draft-fr.pdf");
        using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)).ShouldContain("Procédure : Brouillon à relire");
    }

    [Fact]
    public async Task DraftDocument_WhenCallerIsOnlyMemberOfAnotherCompany_Returns404()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var managerOfA = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedureOfB = await CreateFromTemplateAsync(admin, EtrepayeFactory.DemoClientCompanyId);

        await (await managerOfA.GetAsync($"{Base(EtrepayeFactory.DemoClientCompanyId)}/{procedureOfB.Id}/draft/document"))
            .ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DraftDocument_WhenFormatIsUnknown_Returns400NamingIt()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var procedure = await CreateFromTemplateAsync(consultant, _company);

        var problem = await (await consultant.GetAsync($"{Base(_company)}/{procedure.Id}/draft/document?format=docx")).ShouldHaveStatusAsync(HttpStatusCode.BadRequest);

        problem.ErrorFields().ShouldBe(["format"]);
    }
}
