using Etrepaye.Guarantees.Domain;
using Etrepaye.Shared.Documents;
using Microsoft.Extensions.Options;

namespace Etrepaye.Guarantees.Documents;

/// <summary>Where guarantee documents go and what is accepted (section <c>Guarantees:Documents</c>).</summary>
internal sealed class GuaranteeDocumentOptions : DocumentStoreOptions
{
    public const string SectionName = "Guarantees:Documents";
}

internal sealed class GuaranteeDocumentStore(IOptions<GuaranteeDocumentOptions> options) : DocumentStore(options.Value)
{
    public Task<byte[]> ReadAsync(GuaranteeDocument document, CancellationToken cancellationToken) =>
        ReadAsync(document.CompanyId, document.Id, document.Storage, document.Content, cancellationToken);
}
