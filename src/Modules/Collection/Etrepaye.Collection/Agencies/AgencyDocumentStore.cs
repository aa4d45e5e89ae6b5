using Etrepaye.Shared.Documents;
using Microsoft.Extensions.Options;

namespace Etrepaye.Collection.Agencies;

/// <summary>Where documents handed over to agencies go and what is accepted (section <c>Collection:Agencies:Documents</c>).</summary>
internal sealed class AgencyDocumentOptions : DocumentStoreOptions
{
    public const string SectionName = "Collection:Agencies:Documents";
}

internal sealed class AgencyDocumentStore(IOptions<AgencyDocumentOptions> options) : DocumentStore(options.Value, "agencies")
{
    public Task<byte[]> ReadContentAsync(AgencyCaseDocument document, CancellationToken cancellationToken) =>
        ReadAsync(document.CompanyId, document.Id, document.Storage, document.Content, cancellationToken);
}
