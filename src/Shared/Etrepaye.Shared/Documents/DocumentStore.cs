using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Etrepaye.Shared.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Shared.Documents;

/// <summary>Where a document's bytes are: in its row, or in a file under the module's configured folder.</summary>
public enum DocumentStorage
{
    Database,
    Folder,
}

/// <summary>Where a module's documents go and what is accepted; each module binds its own configuration section.</summary>
public class DocumentStoreOptions
{
    /// <summary>A folder for the files; empty keeps them in the database.</summary>
    public string? Folder { get; set; }

    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The extensions accepted, comma-separated; those with a known signature (PDF, images) are also checked by content.</summary>
    public string AllowedExtensions { get; set; } = ".pdf,.png,.jpg,.jpeg,.tif,.tiff";
}

/// <summary>A file accepted for storage: its detected type and digest.</summary>
public sealed record CheckedFile(string FileName, string ContentType, byte[] Content, string Sha256);

/// <summary>
/// The uploaded documents of disputes, guarantees and agency handovers: checks a file (size, extension, and the first bytes
/// for the types that have a signature, so a renamed executable is refused) and stores it in the database or the folder.
/// A refused file is never written anywhere.
/// </summary>
public abstract class DocumentStore(DocumentStoreOptions options, string? subfolder = null)
{
    private static readonly Dictionary<string, (string ContentType, byte[][] Signatures)> _known = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", ["%PDF-"u8.ToArray()]),
        [".png"] = ("image/png", [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]]),
        [".jpg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        [".jpeg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        [".tif"] = ("image/tiff", [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]]),
        [".tiff"] = ("image/tiff", [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]]),
        [".txt"] = ("text/plain", []),
        [".csv"] = ("text/csv", []),
        [".eml"] = ("message/rfc822", []),
    };

    // Windows and Linux executables, scripts and archives: refused under any extension without a signature of its own.
    private static readonly byte[][] _executables = [[0x4D, 0x5A], [0x7F, 0x45, 0x4C, 0x46], "#!"u8.ToArray(), [0x50, 0x4B, 0x03, 0x04]];

    public long MaxBytes => options.MaxBytes;

    public string AllowedExtensions => string.Join(", ", Allowed);

    private string[] Allowed => options.AllowedExtensions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private bool UsesFolder => !string.IsNullOrWhiteSpace(options.Folder);

    /// <summary>Reads the multipart field <c>file</c> and checks it; an oversize file is refused before it is read.</summary>
    public async Task<CheckedFile> ReadUploadAsync(HttpRequest request, CancellationToken cancellationToken)
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

        if (file.Length > MaxBytes)
        {
            throw Invalid($"The file is {file.Length:N0} bytes; the limit is {MaxBytes:N0} bytes.");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return Check(file.FileName, buffer.ToArray());
    }

    /// <summary>Refuses a file without a name, oversize, or of a type that is not allowed (a 400 naming the field <c>file</c>).</summary>
    public CheckedFile Check(string? fileName, byte[] content)
    {
        var name = Path.GetFileName(fileName ?? "");
        if (content.Length == 0 || name.Length == 0)
        {
            throw Invalid("No file was sent (multipart field 'file').");
        }

        if (name.Length > 260)
        {
            throw Invalid("The file name is longer than 260 characters.");
        }

        if (content.LongLength > MaxBytes)
        {
            throw Invalid($"The file is {content.LongLength:N0} bytes; the limit is {MaxBytes:N0} bytes.");
        }

        var extension = Path.GetExtension(name);
        if (extension.Length == 0 || !Allowed.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            throw Invalid($"Files of type '{extension}' are not accepted; send {AllowedExtensions}.");
        }

        var (contentType, signatures) = _known.TryGetValue(extension, out var type) ? type : ("application/octet-stream", []);
        if (signatures.Length > 0 ? !signatures.Any(s => content.AsSpan().StartsWith(s)) : _executables.Any(s => content.AsSpan().StartsWith(s)))
        {
            throw Invalid($"The content of '{name}' is not a {contentType} file, whatever its name says.");
        }

        return new CheckedFile(name, contentType, content, Convert.ToHexStringLower(SHA256.HashData(content)));
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

    /// <summary>
    /// Keeps an uploaded file with its row: the bytes go to the folder or the row, the row gets the file's description and is
    /// saved; a row that cannot be saved takes its file with it.
    /// </summary>
    public async Task<TDocument> StoreAsync<TDocument>(DbContext db, TDocument document, CheckedFile file, CancellationToken cancellationToken)
        where TDocument : StoredDocument
    {
        var (storage, content) = await SaveAsync(document.CompanyId, document.Id, file, cancellationToken);
        document.Describe(file, storage, content);
        db.Add(document);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            Discard(document.CompanyId, document.Id);
            throw;
        }

        return document;
    }

    /// <summary>Removes a file written for a document whose row was not committed.</summary>
    public void Discard(Guid companyId, Guid documentId)
    {
        if (UsesFolder && File.Exists(PathOf(companyId, documentId)))
        {
            File.Delete(PathOf(companyId, documentId));
        }
    }

    public async Task<byte[]> ReadAsync(Guid companyId, Guid documentId, DocumentStorage storage, byte[]? content, CancellationToken cancellationToken) =>
        storage == DocumentStorage.Database ? content ?? [] : await File.ReadAllBytesAsync(PathOf(companyId, documentId), cancellationToken);

    private string PathOf(Guid companyId, Guid documentId) =>
        subfolder is null
            ? Path.Combine(Path.GetFullPath(options.Folder!), companyId.ToString("N"), documentId.ToString("N"))
            : Path.Combine(Path.GetFullPath(options.Folder!), subfolder, companyId.ToString("N"), documentId.ToString("N"));

    private static ValidationException Invalid(string message) => new([new ValidationFailure("file", message)]);
}

/// <summary>The columns of every module's document row; the module's class adds what the document belongs to.</summary>
public abstract class StoredDocument : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    public string Sha256 { get; private set; } = "";

    public DocumentStorage Storage { get; private set; }

    public byte[]? Content { get; private set; }

    public DateTimeOffset UploadedAt { get; init; }

    public required string UploadedBy { get; init; }

    internal void Describe(CheckedFile file, DocumentStorage storage, byte[]? content)
    {
        FileName = file.FileName;
        ContentType = file.ContentType;
        Size = file.Content.LongLength;
        Sha256 = file.Sha256;
        Storage = storage;
        Content = content;
    }
}
