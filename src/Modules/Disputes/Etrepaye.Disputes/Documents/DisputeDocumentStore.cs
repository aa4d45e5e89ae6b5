using Etrepaye.Disputes.Domain;
using Etrepaye.Shared.Documents;
using Microsoft.Extensions.Options;

namespace Etrepaye.Disputes.Documents;

/// <summary>Where dispute documents go and what is accepted (section <c>Disputes:Documents</c>).</summary>
internal sealed class DisputeDocumentOptions : DocumentStoreOptions
{
    public const string SectionName = "Disputes:Documents";
}

internal sealed class DisputeDocumentStore(IOptions<DisputeDocumentOptions> options) : DocumentStore(options.Value)
{
    public Task<byte[]> ReadAsync(DisputeDocument document, CancellationToken cancellationToken) =>
        ReadAsync(document.CompanyId, document.Id, document.Storage, document.Content, cancellationToken);
}
