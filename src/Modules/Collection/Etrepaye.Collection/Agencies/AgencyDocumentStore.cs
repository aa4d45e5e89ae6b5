using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Etrepaye.Collection.Agencies;

/// <summary>Where documents handed over to agencies go and what is accepted (section <c>Collection:Agencies:Documents</c>).</summary>
internal sealed class AgencyDocumentOptions
{
    public const string SectionName = "Collection:Agencies:Documents";

    /// <summary>A folder for the files; empty keeps them in the database.</summary>
    public string? Folder { get; set; }

    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
}

internal sealed record CheckedFile(string FileName, string ContentType, byte[] Content, string Sha256);

/// <summary>
/// The Guarantees module's document rules: size, and type by extension and first bytes (a renamed executable is refused);
/// stored in the database or the configured folder. A refused file is never written anywhere.
/// </summary>
internal sealed class AgencyDocumentStore(IOptions<AgencyDocumentOptions> options)
{
    private static readonly Dictionary<string, (string ContentType, byte[][] Signatures)> _allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", ["%PDF-"u8.ToArray()]),
        [".png"] = ("image/png", [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]]),
        [".jpg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        [".jpeg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        [".tif"] = ("image/tiff", [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]]),
        [".tiff"] = ("image/tiff", [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]]),
    };

    private bool UsesFolder => !string.IsNullOrWhiteSpace(options.Value.Folder);

    /// <summary>Reads the multipart field <c>file</c> and checks it; an oversize file is refused before it is read.</summary>
    public async Task<CheckedFile> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            throw Invalid("Send the document as multipart/form-data in the field 'file'.");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            throw Invalid("No file was sent (multipart field 'file').");
        }

        if (file.Length > options.Value.MaxBytes)
        {
            throw Invalid($"The file is {file.Length:N0} bytes; the limit is {options.Value.MaxBytes:N0} bytes.");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return Check(file.FileName, buffer.ToArray());
    }

    public async Task<(DocumentStorage Storage, byte[]? Content)> SaveAsync(Guid companyId, Guid documentId, CheckedFile file, CancellationToken cancellationToken)
    {
        if (!UsesFolder)
        {
            return (DocumentStorage.Database, file.Content);
        }

        var path = PathOf(companyId, documentId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, file.Content, cancellationToken);
        return (DocumentStorage.Folder, null);
    }

    /// <summary>Removes a file written for a document whose row was not committed.</summary>
    public void Discard(Guid companyId, Guid documentId)
    {
        if (UsesFolder && File.Exists(PathOf(companyId, documentId)))
        {
            File.Delete(PathOf(companyId, documentId));
        }
    }

    public async Task<byte[]> ReadContentAsync(AgencyCaseDocument document, CancellationToken cancellationToken) =>
        document.Storage == DocumentStorage.Database
            ? document.Content ?? []
            : await File.ReadAllBytesAsync(PathOf(document.CompanyId, document.Id), cancellationToken);

    private static CheckedFile Check(string? fileName, byte[] content)
    {
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length is 0 or > 260)
        {
            throw Invalid("The file needs a name of at most 260 characters.");
        }

        if (!_allowed.TryGetValue(Path.GetExtension(name), out var type))
        {
            throw Invalid($"Files of type '{Path.GetExtension(name)}' are not accepted; send {string.Join(", ", _allowed.Keys)}.");
        }

        if (!type.Signatures.Any(signature => content.AsSpan().StartsWith(signature)))
        {
            throw Invalid($"The content of '{name}' is not a {type.ContentType} file, whatever its name says.");
        }

        return new CheckedFile(name, type.ContentType, content, Convert.ToHexStringLower(SHA256.HashData(content)));
    }

    private string PathOf(Guid companyId, Guid documentId) =>
        Path.Combine(Path.GetFullPath(options.Value.Folder!), "agencies", companyId.ToString("N"), documentId.ToString("N"));

    private static ValidationException Invalid(string message) => new([new ValidationFailure("file", message)]);
}
