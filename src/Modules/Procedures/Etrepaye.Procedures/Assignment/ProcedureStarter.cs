using System.Security.Cryptography;
using System.Text;
using Etrepaye.Access.Contracts;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Assignment;

/// <summary>
/// Starts the assigned procedure's published version on the engine. The instance id is derived from the company, the
/// purpose and the subject, so that a caller redelivered (at-least-once events) finds the instance it already started.
/// </summary>
internal sealed class ProcedureStarter(ProceduresDbContext db, AssignmentResolver resolver, WorkflowHost host, IWorkflowStore store, ICompanyClock clock,
    RequestContext requestContext, IWorkflowDefinitionProvider definitions) : IProcedureStarter
{
    public async Task<AssignedProcedure?> FindAssignedProcedureAsync(Guid customerId, ProcedurePurpose purpose, CancellationToken cancellationToken)
    {
        if (await resolver.ResolveForCustomerAsync(customerId, purpose, cancellationToken) is not { Assignment: { } assignment })
        {
            return null;
        }

        var version = await db.Procedures.AsNoTracking().Where(p => p.Id == assignment.ProcedureId).Select(p => p.PublishedVersion).SingleOrDefaultAsync(cancellationToken);
        if (version is null || definitions.Find(assignment.ProcedureId.ToString(), version) is not { } definition)
        {
            return null;
        }

        return new AssignedProcedure(assignment.ProcedureId, version.Value, definition.Inputs.ToDictionary(i => i.Name, i => i.Default, StringComparer.Ordinal));
    }

    public async Task<ProcedureStartResult> StartAssignedProcedureAsync(ProcedureStartRequest request, CancellationToken cancellationToken)
    {
        if (!requestContext.HasCompany)
        {
            throw new InvalidOperationException("A procedure starts for the company of the request context: enter one first.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(request.SubjectId);
        var instanceId = InstanceId(requestContext.CompanyId, request.Purpose, request.SubjectId);
        if (await store.FindInstanceAsync(instanceId, cancellationToken) is { } existing)
        {
            return new ProcedureStartResult(instanceId, Guid.Parse(existing.DefinitionId), existing.DefinitionVersion, null, AlreadyStarted: true);
        }

        var (customerReference, resolved) = await resolver.ResolveForCustomerAsync(request.CustomerId, request.Purpose, cancellationToken)
            ?? throw new NotFoundException("Customer", request.CustomerId);
        var assignment = resolved ?? throw NoProcedure(customerReference, request.Purpose);
        var procedure = await db.Procedures.AsNoTracking().SingleAsync(p => p.Id == assignment.ProcedureId, cancellationToken);
        var version = procedure.PublishedVersion ?? throw NotPublished(procedure.Name, customerReference);
        var schedule = await clock.DayAsync(requestContext.CompanyId, cancellationToken);
        await host.StartAsync(StartOf(request, procedure.Id, version, instanceId, schedule), cancellationToken);
        return new ProcedureStartResult(instanceId, procedure.Id, version, assignment.RuleId, AlreadyStarted: false);
    }

    public async Task<IReadOnlyList<ProcedureStartOutcome>> StartAssignedProceduresAsync(IReadOnlyList<ProcedureStartRequest> requests, CancellationToken cancellationToken)
    {
        if (!requestContext.HasCompany)
        {
            throw new InvalidOperationException("A procedure starts for the company of the request context: enter one first.");
        }

        foreach (var request in requests)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(request.SubjectId);
        }

        var instanceIds = requests.Select(r => InstanceId(requestContext.CompanyId, r.Purpose, r.SubjectId)).ToList();
        var existing = (await store.FindInstancesAsync([.. instanceIds.Distinct()], cancellationToken)).ToDictionary(s => s.InstanceId);
        var outcomes = new ProcedureStartOutcome[requests.Count];
        var toStart = new List<int>();
        var first = new Dictionary<Guid, int>();
        for (var i = 0; i < requests.Count; i++)
        {
            if (existing.TryGetValue(instanceIds[i], out var instance))
            {
                outcomes[i] = new ProcedureStartOutcome(
                    new ProcedureStartResult(instanceIds[i], Guid.Parse(instance.DefinitionId), instance.DefinitionVersion, null, AlreadyStarted: true), null);
            }
            else if (first.TryAdd(instanceIds[i], i))
            {
                toStart.Add(i);
            }
        }

        var assignments = new Dictionary<(Guid, ProcedurePurpose), (string CustomerReference, ProcedureAssignment? Assignment)>();
        foreach (var purpose in toStart.Select(i => requests[i].Purpose).Distinct())
        {
            var resolved = await resolver.ResolveForCustomersAsync([.. toStart.Where(i => requests[i].Purpose == purpose).Select(i => requests[i].CustomerId)], purpose, cancellationToken);
            foreach (var (customerId, assignment) in resolved)
            {
                assignments[(customerId, purpose)] = assignment;
            }
        }

        var procedureIds = assignments.Values.Where(a => a.Assignment is not null).Select(a => a.Assignment!.ProcedureId).Distinct().ToList();
        var procedures = procedureIds.Count == 0
            ? []
            : await db.Procedures.AsNoTracking().Where(p => procedureIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var schedule = toStart.Count == 0 ? null : await clock.DayAsync(requestContext.CompanyId, cancellationToken);
        var starts = new List<(int Index, StartInstanceRequest Start, ProcedureStartResult Result)>();
        foreach (var i in toStart)
        {
            var request = requests[i];
            if (!assignments.TryGetValue((request.CustomerId, request.Purpose), out var resolved))
            {
                outcomes[i] = new ProcedureStartOutcome(null, new NotFoundException("Customer", request.CustomerId).Message);
                continue;
            }

            if (resolved.Assignment is not { } assignment)
            {
                outcomes[i] = new ProcedureStartOutcome(null, NoProcedure(resolved.CustomerReference, request.Purpose).Message);
                continue;
            }

            var procedure = procedures[assignment.ProcedureId];
            if (procedure.PublishedVersion is not { } version)
            {
                outcomes[i] = new ProcedureStartOutcome(null, NotPublished(procedure.Name, resolved.CustomerReference).Message);
                continue;
            }

            starts.Add((i, StartOf(request, procedure.Id, version, instanceIds[i], schedule!), new ProcedureStartResult(instanceIds[i], procedure.Id, version, assignment.RuleId, AlreadyStarted: false)));
        }

        if (starts.Count > 0)
        {
            await host.StartManyAsync([.. starts.Select(s => s.Start)], cancellationToken);
        }

        foreach (var (index, _, result) in starts)
        {
            outcomes[index] = new ProcedureStartOutcome(result, null);
        }

        for (var i = 0; i < requests.Count; i++)
        {
            // A subject named twice gets what its first request got.
            outcomes[i] ??= outcomes[first[instanceIds[i]]];
        }

        return outcomes;
    }

    private static BusinessRuleException NoProcedure(string customerReference, ProcedurePurpose purpose) =>
        new("no-procedure-assigned", $"No assignment rule matches customer {customerReference} for {purpose} and the company has no default procedure for it.");

    private static BusinessRuleException NotPublished(string procedureName, string customerReference) =>
        new("procedure-not-published", $"The procedure '{procedureName}' assigned to customer {customerReference} has no published version.");

    private StartInstanceRequest StartOf(ProcedureStartRequest request, Guid procedureId, int version, Guid instanceId, CompanyDay schedule) => new()
    {
        DefinitionId = procedureId.ToString(),
        Version = version,
        Inputs = request.Inputs ?? new Dictionary<string, object?>(),
        CorrelationKeys = new Dictionary<string, string>
        {
            [ProcedureCorrelation.CompanyKey] = requestContext.CompanyId.ToString(),
            [ProcedureCorrelation.CustomerKey] = request.CustomerId.ToString(),
            [ProcedureCorrelation.SubjectKey(request.Purpose)] = request.SubjectId,
        },
        InstanceId = instanceId,
        TimeZoneId = schedule.TimeZone,
        CalendarId = schedule.CalendarId,
    };

    /// <summary>A name-based id (RFC 9562 version 8 layout) of the company, purpose and subject.</summary>
    internal static Guid InstanceId(Guid companyId, ProcedurePurpose purpose, string subjectId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"procedure-start:{companyId}:{purpose}:{subjectId}"));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
