using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features.GetImport;
using Etrepaye.Receivables.Features.ListImports;
using Etrepaye.Receivables.Importing;
using Etrepaye.Shared.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>The write pass of an import reports the rows applied so far, readable from the status endpoint while it runs.</summary>
public sealed class ImportProgressTests(HeldImportHostFixture fixture) : IClassFixture<HeldImportHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;
    private readonly WritePassGate _gate = fixture.Gate;

    [Fact]
    public async Task GetImport_WhileTheWritePassRuns_ShowsTheRowsAppliedSoFar()
    {
        // Two full batches and a partial one: the pass is held after each full batch while the watcher reads the import.
        var batchSize = _factory.Database.IsPostgres ? ImportRunner.StagedBatchSize : ImportRunner.BatchSize;
        var rows = (2 * batchSize) + (batchSize / 2);
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
        for (var batch = 1; batch <= 2; batch++)
        {
            var held = await _gate.NextBatchAsync(upload);
            var list = await (await watcher.GetAsync($"{Base(_company)}/imports?pageSize=20")).ReadAsync<PagedResult<ImportSummaryResponse>>();
            var id = list.Items.Single(i => i.FileName == fileName).Id;
            var status = await (await watcher.GetAsync($"{Base(_company)}/imports/{id}")).ReadAsync<ImportResponse>();
            seen.Add((status.Status, status.RowsApplied));
            held.ShouldBe((long)batch * batchSize);
            _gate.Release();
        }

        var response = await upload;
        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var finished = await response.ReadAsync<ImportResponse>();
        (finished.Status, finished.RowsApplied, finished.ItemsCreated).ShouldBe(("Completed", (long)rows, (long)rows));
        seen.ShouldBe([("Applying", batchSize), ("Applying", 2L * batchSize)]);
    }
}

/// <summary>A demo host whose imports' write pass waits at the <see cref="WritePassGate"/> after each full batch.</summary>
public sealed class HeldImportHostFixture : IAsyncLifetime
{
    internal WritePassGate Gate { get; } = new();

    public EtrepayeFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new HeldImportFactory(await TestDatabase.CreateAsync(), Gate);
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        // A failed test may leave a pass held: let it finish before the host stops.
        Gate.Release(int.MaxValue / 2);
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
    }

    private sealed class HeldImportFactory(TestDatabase database, WritePassGate gate) : EtrepayeFactory(database)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IImportBatchObserver>(gate));
        }
    }
}

/// <summary>Holds the write pass after each full batch until the test releases it, telling the test the rows applied so far.</summary>
internal sealed class WritePassGate : IImportBatchObserver
{
    private readonly Channel<long> _held = Channel.CreateUnbounded<long>();
    private readonly SemaphoreSlim _release = new(0);

    public async Task BatchAppliedAsync(Guid importId, long rowsApplied, CancellationToken cancellationToken)
    {
        await _held.Writer.WriteAsync(rowsApplied, cancellationToken);
        await _release.WaitAsync(cancellationToken);
    }

    /// <summary>The rows applied when the pass next stops at the gate; fails if the import's request ends first.</summary>
    public async Task<long> NextBatchAsync(Task<HttpResponseMessage> upload)
    {
        var next = _held.Reader.ReadAsync().AsTask();
        if (await Task.WhenAny(next, upload) != next)
        {
            var response = await upload;
            throw new InvalidOperationException($"The import ended ({response.StatusCode}) before its write pass stopped at the gate: {await response.Content.ReadAsStringAsync()}");
        }

        return await next;
    }

    public void Release(int count = 1) => _release.Release(count);
}
