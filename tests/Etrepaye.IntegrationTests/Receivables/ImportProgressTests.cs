using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features.GetImport;
using Etrepaye.Receivables.Features.ListImports;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>The write pass of an import reports the rows applied so far, readable from the status endpoint while it runs.</summary>
public sealed class ImportProgressTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task GetImport_WhileTheWritePassRuns_ShowsTheRowsAppliedSoFar()
    {
        // Enough batches (of 1,000) that the bulk-written pass is still running when the watcher looks: 20,000 rows were once
        // over before a loaded CI machine's watcher had seen the import at all.
        const int rows = 60_000;
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var watcher = await _factory.SignInAsync(DemoUsers.Viewer);
        var p = NewReference("PG");
        var csv = new StringBuilder("customer,invoice,date,due,amount\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append($"{p}-C{i % 50},{p}-{i:D6},2026-01-05,2026-02-04,{100 + (i % 7)}.25\n");
        }

        var fileName = $"{p}.csv";
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        content.Add(new StringContent(System.Text.Json.JsonSerializer.Serialize(new
        {
            dateFormats = new[] { "yyyy-MM-dd" },
            defaultCurrency = "EUR",
            columns = new { customerReference = "customer", itemReference = "invoice", issueDate = "date", dueDate = "due", amount = "amount" },
        }, Json.Options)), "mapping");

        var upload = op.PostAsync($"{Base(_company)}/imports", content);
        var seen = new List<(string Status, long Applied)>();
        Guid? runningId = null;
        while (!upload.IsCompleted)
        {
            if (runningId is null)
            {
                var list = await (await watcher.GetAsync($"{Base(_company)}/imports?pageSize=20")).ReadAsync<PagedResult<ImportSummaryResponse>>();
                runningId = list.Items.FirstOrDefault(i => i.FileName == fileName)?.Id;
            }
            else
            {
                var status = await (await watcher.GetAsync($"{Base(_company)}/imports/{runningId}")).ReadAsync<ImportResponse>();
                seen.Add((status.Status, status.RowsApplied));
            }

            await Task.Delay(5);
        }

        var response = await upload;
        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var finished = await response.ReadAsync<ImportResponse>();
        (finished.Status, finished.RowsApplied, finished.ItemsCreated).ShouldBe(("Completed", rows, rows));
        var during = seen.Where(s => s.Status == "Applying").Select(s => s.Applied).ToList();
        during.ShouldContain(applied => applied > 0 && applied < rows, $"seen while running: {string.Join(", ", seen)}");
        during.ShouldBe(during.Order().ToList());
    }
}
