using Etrepaye.Shared.Documents;
using FluentValidation;

namespace Etrepaye.UnitTests;

public sealed class DocumentStoreTests : IDisposable
{
    private static readonly byte[] _pdf = "%PDF-1.7\n%test"u8.ToArray();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"etrepaye-docs-{Guid.NewGuid():N}");

    [Fact]
    public void Check_WhenAPdfIsNamedPdf_AcceptsItWithItsTypeAndDigest()
    {
        var file = Store(new DocumentStoreOptions()).Check("../../invoice.pdf", _pdf);

        (file.FileName, file.ContentType).ShouldBe(("invoice.pdf", "application/pdf"));
        file.Sha256.Length.ShouldBe(64);
    }

    [Theory]
    [InlineData("setup.pdf", new byte[] { 0x4D, 0x5A, 0x90, 0x00 })]
    [InlineData("notes.txt", new byte[] { 0x4D, 0x5A, 0x90, 0x00 })]
    [InlineData("script.csv", new byte[] { 0x23, 0x21, 0x2F, 0x62 })]
    public void Check_WhenTheContentIsAnExecutableUnderAnotherName_RefusesItNamingTheFileField(string name, byte[] content)
    {
        var store = Store(new DocumentStoreOptions { AllowedExtensions = ".pdf,.txt,.csv" });

        var refused = Should.Throw<ValidationException>(() => store.Check(name, content));

        refused.Errors.Single().PropertyName.ShouldBe("file");
    }

    [Fact]
    public void Check_WhenTheExtensionIsNotAllowedOrTheFileTooLarge_RefusesIt()
    {
        var store = Store(new DocumentStoreOptions { MaxBytes = 10 });

        Should.Throw<ValidationException>(() => store.Check("notes.txt", "hello"u8.ToArray())).Message.ShouldContain("'.txt' are not accepted");
        Should.Throw<ValidationException>(() => store.Check("big.pdf", _pdf)).Message.ShouldContain("the limit is 10 bytes");
        Should.Throw<ValidationException>(() => store.Check("", _pdf)).Message.ShouldContain("No file was sent");
    }

    [Fact]
    public async Task SaveAsync_WhenAFolderIsConfigured_WritesTheFileThereAndDiscardRemovesIt()
    {
        var store = Store(new DocumentStoreOptions { Folder = _folder }, "agencies");
        var (companyId, documentId) = (Guid.NewGuid(), Guid.NewGuid());

        var (storage, content) = await store.SaveAsync(companyId, documentId, store.Check("a.pdf", _pdf), CancellationToken.None);
        var read = await store.ReadAsync(companyId, documentId, storage, content, CancellationToken.None);
        var path = Path.Combine(_folder, "agencies", companyId.ToString("N"), documentId.ToString("N"));
        var written = File.Exists(path);
        store.Discard(companyId, documentId);

        (storage, content).ShouldBe((DocumentStorage.Folder, null));
        read.ShouldBe(_pdf);
        written.ShouldBeTrue();
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public async Task SaveAsync_WhenNoFolderIsConfigured_KeepsTheContentForTheRow()
    {
        var store = Store(new DocumentStoreOptions());

        var (storage, content) = await store.SaveAsync(Guid.NewGuid(), Guid.NewGuid(), store.Check("a.pdf", _pdf), CancellationToken.None);

        (storage, content).ShouldBe((DocumentStorage.Database, _pdf));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static TestStore Store(DocumentStoreOptions options, string? subfolder = null) => new(options, subfolder);

    private sealed class TestStore(DocumentStoreOptions options, string? subfolder) : DocumentStore(options, subfolder);
}
