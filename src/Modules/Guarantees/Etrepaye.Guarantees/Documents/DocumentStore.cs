using System.Security.Cryptography;
using Etrepaye.Guarantees.Domain;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Options;

namespace Etrepaye.Guarantees.Documents;

/// <summary>Where guarantee documents go and what is accepted (section <c>Guarantees:Documents</c>).</summary>
internal sealed class DocumentOptions
{
    public const string SectionName = "Guarantees:Documents";

    /// <summary>A folder for the files; empty keeps them in the database.</summary>
    public string? Folder { get; set; }

    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>A file accepted for storage: its detected type and digest.</summary>
internal sealed record CheckedFile(string FileName, string ContentType, byte[] Content, string Sha256);

/// <summary>
/// Checks an uploaded file (size, and type by its extension and its first bytes, so a renamed executable is refused) and
/// stores it in the database or the configured folder. A refused file is never written anywhere.
/// </summary>
internal sealed class DocumentStore(IOptions<DocumentOptions> options)
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

    public static string AllowedExtensions => string.Join(", ", _allowed.Keys);

    public long MaxBytes => options.Value.MaxBytes;

    public bool UsesFolder => !string.IsNullOrWhiteSpace(options.Value.Folder);

    /// <summary>Refuses an oversize file or a type that is not allowed (a 400 naming the field <c>file</c>).</summary>
    public static CheckedFile Check(string? fileName, long length, byte[] content, long maxBytes)
    {
        var name = Path.GetFileName(fileName ?? "");
        if (length == 0 || name.Length == 0)
        {
            throw Invalid("No file was sent (multipart field 'file').");
        }

        if (name.Length > 260)
        {
            throw Invalid("The file name is longer than 260 characters.");
        }

        if (length > maxBytes)
        {
            throw Invalid($"The file is {length:N0} bytes; the limit is {maxBytes:N0} bytes.");
        }

        if (!_allowed.TryGetValue(Path.GetExtension(name), out var type))
        {
            throw Invalid($"Files of type '{Path.GetExtension(name)}' are not accepted; send {AllowedExtensions}.");
        }

        if (!type.Signatures.Any(signature => content.AsSpan().StartsWith(signature)))
        {
            throw Invalid($"The content of '{name}' is not a {type.ContentType} file, whatever its name says.");
        }

        return new CheckedFile(name, type.ContentType, content, Convert.ToHexStringLower(SHA256.HashData(content)));
    }

    /// <summary>Writes the content to the folder when one is configured; returns the content to keep in the row otherwise.</summary>
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

    public async Task<byte[]> ReadAsync(GuaranteeDocument document, CancellationToken cancellationToken) =>
        document.Storage == DocumentStorage.Database
            ? document.Content ?? []
            : await File.ReadAllBytesAsync(PathOf(document.CompanyId, document.Id), cancellationToken);

    private string PathOf(Guid companyId, Guid documentId) =>
        Path.Combine(Path.GetFullPath(options.Value.Folder!), companyId.ToString("N"), documentId.ToString("N"));

    private static ValidationException Invalid(string message) => new([new ValidationFailure("file", message)]);
}
