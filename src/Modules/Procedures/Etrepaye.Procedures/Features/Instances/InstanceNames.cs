using Etrepaye.Procedures.Data;
using Etrepaye.Receivables.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.Instances;

/// <summary>
/// Names what the engine knows only by id: an instance's procedure (its definition id is the procedure's id) and its customer
/// (the customer correlation key), for a page of instances in two reads, so that the screens show names rather than ids.
/// </summary>
internal sealed class InstanceNames(ProceduresDbContext db, IReceivablesQueries receivables)
{
    public async Task<Named> ReadAsync(IEnumerable<string> definitionIds, IEnumerable<string?> customers, CancellationToken cancellationToken)
    {
        var procedureIds = Ids(definitionIds);
        var customerIds = Ids(customers);
        var procedures = procedureIds.Count == 0 ? new Dictionary<Guid, string>()
            : await db.Procedures.AsNoTracking().Where(p => procedureIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var customersById = customerIds.Count == 0 ? new Dictionary<Guid, CustomerDto>()
            : (await receivables.GetCustomersAsync(customerIds, cancellationToken)).ToDictionary(c => c.Id);
        return new Named(procedures, customersById);
    }

    private static List<Guid> Ids(IEnumerable<string?> values) =>
        [.. values.Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct()];

    internal sealed record Named(IReadOnlyDictionary<Guid, string> Procedures, IReadOnlyDictionary<Guid, CustomerDto> Customers)
    {
        public string? Procedure(string definitionId) =>
            Guid.TryParse(definitionId, out var id) && Procedures.TryGetValue(id, out var name) ? name : null;

        public CustomerDto? Customer(string? customer) =>
            Guid.TryParse(customer, out var id) && Customers.TryGetValue(id, out var found) ? found : null;
    }
}
