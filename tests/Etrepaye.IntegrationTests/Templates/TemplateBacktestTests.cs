using System.Globalization;
using System.Text;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.IntegrationTests.Receivables;
using Etrepaye.Procedures.Features.BacktestProcedure;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;
using static Etrepaye.IntegrationTests.Templates.TemplateScenario;

namespace Etrepaye.IntegrationTests.Templates;

/// <summary>
/// The standard and the short collection procedures back-tested (POST …/backtest) over the public IBM accounts-receivable sample
/// (../shared/data, imported through the API): what each would have sent over the invoices of 2012–2013. The figures are committed in
/// docs/procedures/backtest.md; the test fails when they no longer match (ETREPAYE_UPDATE_PROCEDURE_DOCS=1 rewrites the file).
/// </summary>
public sealed class TemplateBacktestTests(IbmSampleTests.ImportedSample sample) : IClassFixture<IbmSampleTests.ImportedSample>
{
    private const string Command = "ETREPAYE_UPDATE_PROCEDURE_DOCS=1 dotnet test tests/Etrepaye.IntegrationTests --filter TemplateBacktestTests";

    [Fact]
    public async Task Backtest_WhenBothCollectionTemplatesReplayTheIbmSample_ProduceTheCountsCommittedInDocsProcedures()
    {
        var standard = await BacktestAsync("standard-b2b-collection");
        var small = await BacktestAsync("small-company-collection");

        foreach (var result in new[] { standard, small })
        {
            (result.Cases + result.PaidOnTime).ShouldBe(2466);
            result.Skipped.ShouldBeEmpty();
            result.Outcomes.Keys.ShouldNotContain("Faulted");
        }

        var rows = new (string Label, int Standard, int Small)[]
        {
            ("Invoices replayed (not paid by their due date)", standard.Cases, small.Cases),
            ("Invoices paid on time (no case)", standard.PaidOnTime, small.PaidOnTime),
            ("Courtesy reminders before the due date", Step(standard, "courtesy"), 0),
            ("Reminders (e-mail)", Step(standard, "reminder1") + Step(standard, "reminder2"), Step(small, "reminder")),
            ("Calls (tasks for an operator)", Task(standard, "call1") + Task(standard, "call2"), Task(small, "call")),
            ("Account manager informed (e-mail)", Step(standard, "informAccountManager"), 0),
            ("Formal notices (registered letter)", Step(standard, "formalNotice"), Step(small, "formalNotice")),
            ("Customers blocked", Step(standard, "block"), 0),
            ("Decisions asked of the credit manager (agency or injunction)", Task(standard, "decide"), 0),
            ("Handovers to the collection agency", standard.AgencyHandovers, small.AgencyHandovers),
            ("Cases ended by the payment", standard.Outcomes.GetValueOrDefault("Paid"), small.Outcomes.GetValueOrDefault("Paid")),
        };
        var markdown = Markdown(rows, standard, small);
        var path = Path.Combine(RepositoryRoot(), "docs", "procedures", "backtest.md");
        if (Environment.GetEnvironmentVariable("ETREPAYE_UPDATE_PROCEDURE_DOCS") == "1")
        {
            await File.WriteAllTextAsync(path, markdown);
        }

        File.Exists(path).ShouldBeTrue($"{path} is missing: {Command}");
        (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n").ShouldBe(markdown, $"docs/procedures/backtest.md is out of date: {Command}");
    }

    private async Task<BacktestResponse> BacktestAsync(string templateId)
    {
        var procedure = await FromTemplateAsync(sample.Client, templateId);
        return await (await sample.Client.PostJsonAsync($"{Base(Company)}/{procedure.Id}/backtest", new { from = "2012-01-01", to = "2014-01-01", horizonDays = 90 }))
            .ReadAsync<BacktestResponse>();
    }

    private static int Step(BacktestResponse result, string activity) => result.Steps.GetValueOrDefault(activity);

    private static int Task(BacktestResponse result, string activity) => result.Tasks.GetValueOrDefault(activity);

    private static string Markdown((string Label, int Standard, int Small)[] rows, BacktestResponse standard, BacktestResponse small)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            # Back-test of the collection templates over the IBM sample

            What the two shipped collection procedures would have done over the public IBM accounts-receivable sample
            (`../shared/data/ibm-accounts-receivable.csv`: 2,466 invoices of 100 customers issued from 3 January 2012 to 2 December 2013,
            all settled by 9 January 2014), replayed by the Procedures module's back-test (`POST …/procedures/{"{id}"}/backtest`, from
            {standard.From:yyyy-MM-dd} to {standard.To:yyyy-MM-dd}, horizon {standard.Horizon:yyyy-MM-dd}). Each invoice not settled by its due date is one
            case started at its issue date, paid on its settlement date; invoices settled on or before their due date open no case.
            Nobody answers the calls and decisions (the ledger has no call outcomes, promises or disputes), so calls run out of time
            and the standard procedure's agency-or-injunction decision goes to the agency after 5 business days. French calendar,
            Europe/Paris time zone.

            Reproduce (generated by the test, which fails when these figures change):

            ```bash
            {Command}
            ```

            | | Standard B2B collection | Short procedure (small company) |
            | --- | ---: | ---: |

            """);
        foreach (var (label, standardCount, smallCount) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {label} | {standardCount:N0} | {smallCount:N0} |\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"| Days from the due date to the end of the case (average / median / max) | {Days(standard)} | {Days(small)} |\n");
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"""
            The IBM invoices are small (a few dozen dollars) and most late ones are paid within a few weeks, so the short procedure —
            formal notice on due + 15 and agency on due + 20 — hands over many more cases than the standard one (due + 45). The
            standard procedure's courtesy reminder needs an invoice of at least 5,000 EUR (in euros): none of the sample's, in USD,
            qualifies. Outcomes: standard {Outcomes(standard)}; short {Outcomes(small)}.

            """);
        return text.ToString().ReplaceLineEndings("\n");
    }

    private static string Days(BacktestResponse result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.DaysOpen.Average:0.0} / {result.DaysOpen.Median:0.#} / {result.DaysOpen.Max}");

    private static string Outcomes(BacktestResponse result) =>
        string.Join(", ", result.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key} {o.Value:N0}")));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Etrepaye.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Etrepaye.sln not found above " + AppContext.BaseDirectory);
    }
}
