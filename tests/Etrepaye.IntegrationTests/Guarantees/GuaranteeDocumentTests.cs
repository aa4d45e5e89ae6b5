using System.Net;
using System.Net.Http.Headers;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Guarantees;

/// <summary>Documents of a guarantee: stored and served back; oversize or forbidden files refused with nothing stored.</summary>
public sealed class GuaranteeDocumentTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task UploadDocument_WhenAPdfWithinTheLimit_IsStoredAndServedBackUnchanged()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var guarantee = await NewGuaranteeAsync(op);
        byte[] pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. Enumerable.Range(0, 5000).Select(i => (byte)(i % 251))];

        var document = await (await UploadAsync(op, guarantee.Id, pdf, "garantie à première demande.pdf", "application/pdf")).ReadAsync<GuaranteeDocumentResponse>();
        var download = await op.GetAsync($"{Url(_company)}/{guarantee.Id}/documents/{document.Id}");

        (document.FileName, document.ContentType, document.Size).ShouldBe(("garantie à première demande.pdf", "application/pdf", pdf.LongLength));
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);
        var detail = await (await op.GetAsync($"{Url(_company)}/{guarantee.Id}")).ReadAsync<GuaranteeDetailResponse>();
        detail.Documents.Single().Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)));
    }

    [Fact]
    public async Task UploadDocument_WhenOversizeOrOfAForbiddenType_Returns400NamingTheFileAndStoresNothing()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var guarantee = await NewGuaranteeAsync(op);
        byte[] oversize = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[10 * 1024 * 1024]];
        byte[] executable = [0x4D, 0x5A, 0x90, 0x00, 0x03];

        var tooBig = await UploadAsync(op, guarantee.Id, oversize, "deed.pdf", "application/pdf");
        var exe = await UploadAsync(op, guarantee.Id, executable, "deed.exe", "application/octet-stream");
        var disguised = await UploadAsync(op, guarantee.Id, executable, "deed.pdf", "application/pdf");
        var empty = await UploadAsync(op, guarantee.Id, [], "deed.pdf", "application/pdf");

        foreach (var (response, words) in new[] { (tooBig, "limit"), (exe, "not accepted"), (disguised, "not a application/pdf"), (empty, "No file") })
        {
            var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
            problem.ErrorFields().ShouldBe(["file"]);
            problem.GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain(words);
        }

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuaranteesDbContext>();
        (await db.Documents.IgnoreQueryFilters().CountAsync(d => d.GuaranteeId == guarantee.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task UploadDocument_WhenTheCallerIsAViewer_Returns403()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);
        var guarantee = await NewGuaranteeAsync(op);

        var response = await UploadAsync(viewer, guarantee.Id, "%PDF-1.4"u8.ToArray(), "deed.pdf", "application/pdf");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
    }

    private async Task<GuaranteeResponse> NewGuaranteeAsync(HttpClient client)
    {
        var customer = await CreateCustomerAsync(client, _company);
        return await CreateAsync(client, _company, customer.Id, "BankGuarantee", 5_000m, "EUR", "2030-01-01", "2030-12-31");
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid guaranteeId, byte[] content, string fileName, string contentType)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PostAsync($"{Url(_company)}/{guaranteeId}/documents", new MultipartFormDataContent { { file, "file", fileName } });
    }
}
