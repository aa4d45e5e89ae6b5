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
        var assignment = resolved
            ?? throw new BusinessRuleException("no-procedure-assigned", $"No assignment rule matches customer {customerReference} for {request.Purpose} and the company has no default procedure for it.");
        var procedure = await db.Procedures.AsNoTracking().SingleAsync(p => p.Id == assignment.ProcedureId, cancellationToken);
        var version = procedure.PublishedVersion
            ?? throw new BusinessRuleException("procedure-not-published", $"The procedure '{procedure.Name}' assigned to customer {customerReference} has no published version.");
        var schedule = await clock.DayAsync(requestContext.CompanyId, cancellationToken);
        await host.StartAsync(new StartInstanceRequest
        {
            DefinitionId = procedure.Id.ToString(),
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
        }, cancellationToken);
        return new ProcedureStartResult(instanceId, procedure.Id, version, assignment.RuleId, AlreadyStarted: false);
    }

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
