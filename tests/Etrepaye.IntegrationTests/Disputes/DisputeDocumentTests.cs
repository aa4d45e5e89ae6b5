using System.Net;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Disputes.DisputesApi;

namespace Etrepaye.IntegrationTests.Disputes;

/// <summary>Documents of a dispute: stored and served back; oversize or forbidden files refused with nothing stored.</summary>
public sealed class DisputeDocumentTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task UploadDocument_WhenAPdfWithinTheLimit_IsStoredAndServedBackUnchanged()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var dispute = await NewDisputeAsync(op);
        byte[] pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. Enumerable.Range(0, 3000).Select(i => (byte)(i % 251))];

        var document = await (await op.PostAsync($"{Url(_company)}/{dispute.Id}/documents", File(pdf, "bon de livraison.pdf", "application/pdf"))).ReadAsync<DisputeDocumentResponse>();
        var download = await op.GetAsync($"{Url(_company)}/{dispute.Id}/documents/{document.Id}");

        (document.FileName, document.ContentType, document.Size).ShouldBe(("bon de livraison.pdf", "application/pdf", pdf.LongLength));
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);
    }

    [Fact]
    public async Task UploadDocument_WhenOversizeOrOfAForbiddenType_Returns400NamingTheFileAndStoresNothing()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var dispute = await NewDisputeAsync(op);
        byte[] oversize = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[10 * 1024 * 1024]];
        byte[] executable = [0x4D, 0x5A, 0x90, 0x00, 0x03];

        var tooBig = await op.PostAsync($"{Url(_company)}/{dispute.Id}/documents", File(oversize, "photos.pdf", "application/pdf"));
        var exe = await op.PostAsync($"{Url(_company)}/{dispute.Id}/documents", File(executable, "photos.exe", "application/octet-stream"));
        var disguised = await op.PostAsync($"{Url(_company)}/{dispute.Id}/documents", File(executable, "photos.pdf", "application/pdf"));
        var empty = await op.PostAsync($"{Url(_company)}/{dispute.Id}/documents", File([], "photos.pdf", "application/pdf"));

        foreach (var (response, words) in new[] { (tooBig, "limit"), (exe, "not accepted"), (disguised, "not a application/pdf"), (empty, "No file") })
        {
            var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
            problem.ErrorFields().ShouldBe(["file"]);
            problem.GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain(words);
        }

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
        (await db.Documents.IgnoreQueryFilters().CountAsync(d => d.DisputeId == dispute.Id)).ShouldBe(0);
    }

    private static async Task<DisputeResponse> NewDisputeAsync(HttpClient client)
    {
        var (customer, invoices) = await CustomerWithInvoicesAsync(client, _company, 200m);
        return await OpenDisputeAsync(client, _company, customer.Id, (invoices[0].Id, null));
    }
}

/// <summary>The types and size limit come from configuration (Disputes:Documents:*).</summary>
public sealed class DisputeDocumentConfigurationTests : IAsyncLifetime
{
    private EtrepayeFactory _factory = null!;

    public async Task InitializeAsync() => _factory = new EtrepayeFactory(await TestDatabase.CreateAsync(), new Dictionary<string, string?>
    {
        ["Disputes:Documents:MaxBytes"] = "2048",
        ["Disputes:Documents:AllowedExtensions"] = ".txt",
    });

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _factory.Database.DisposeAsync();
    }

    [Fact]
    public async Task UploadDocument_WhenTheConfigurationNarrowsTypesAndSize_RefusesWhatItLeavesOutAndStoresNothing()
    {
        var company = EtrepayeFactory.DemoCompanyId;
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, company, 200m);
        var dispute = await OpenDisputeAsync(op, company, customer.Id, (invoices[0].Id, null));

        var note = await op.PostAsync($"{Url(company)}/{dispute.Id}/documents", File("The pallets arrived wet."u8.ToArray(), "call-notes.txt", "text/plain"));
        var pdf = await op.PostAsync($"{Url(company)}/{dispute.Id}/documents", File("%PDF-1.7 small"u8.ToArray(), "photos.pdf", "application/pdf"));
        var bigText = await op.PostAsync($"{Url(company)}/{dispute.Id}/documents", File(new byte[4096], "long.txt", "text/plain"));

        await note.ShouldHaveStatusAsync(HttpStatusCode.Created);
        (await pdf.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain("send .txt");
        (await bigText.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain("limit");
        var detail = await (await op.GetAsync($"{Url(company)}/{dispute.Id}")).ReadAsync<DisputeDetailResponse>();
        detail.Documents.Select(d => d.FileName).ShouldBe(["call-notes.txt"]);
    }
}
