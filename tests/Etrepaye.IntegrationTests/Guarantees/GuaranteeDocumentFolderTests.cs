using System.Net;
using System.Net.Http.Headers;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Guarantees;

/// <summary>Documents kept in a configured folder, with a configured size limit.</summary>
public sealed class GuaranteeDocumentFolderTests : IAsyncLifetime
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "etrepaye-tests", "documents-" + Guid.NewGuid().ToString("N"));
    private TestDatabase _database = null!;
    private EtrepayeFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = new EtrepayeFactory(_database, new Dictionary<string, string?>
        {
            ["Guarantees:Documents:Folder"] = _folder,
            ["Guarantees:Documents:MaxBytes"] = "2048",
        });
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task UploadDocument_WhenAFolderIsConfigured_WritesTheFileThereAndRefusesWhatIsOverTheConfiguredLimit()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateCustomerAsync(op, _company);
        var guarantee = await CreateAsync(op, _company, customer.Id, "StandbyLetterOfCredit", 5_000m, "USD", "2030-01-01", "2030-12-31");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[1000]];

        var stored = await (await UploadAsync(op, guarantee.Id, png, "swift.png")).ReadAsync<GuaranteeDocumentResponse>();
        var tooBig = await UploadAsync(op, guarantee.Id, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[2041]], "big.png");

        (await tooBig.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["file"]);
        var files = Directory.GetFiles(_folder, "*", SearchOption.AllDirectories);
        files.ShouldHaveSingleItem().ShouldEndWith(stored.Id.ToString("N"));
        (await File.ReadAllBytesAsync(files[0])).ShouldBe(png);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<GuaranteesDbContext>().Documents.IgnoreQueryFilters().SingleAsync(d => d.GuaranteeId == guarantee.Id);
            (row.Storage, row.Content).ShouldBe((DocumentStorage.Folder, null));
        }

        var download = await op.GetAsync($"{Url(_company)}/{guarantee.Id}/documents/{stored.Id}");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(png);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid guaranteeId, byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return client.PostAsync($"{Url(_company)}/{guaranteeId}/documents", new MultipartFormDataContent { { file, "file", fileName } });
    }
}
