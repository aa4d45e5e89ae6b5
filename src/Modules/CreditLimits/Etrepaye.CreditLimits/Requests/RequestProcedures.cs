using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Etrepaye.CreditLimits.Requests;

/// <summary>
/// Starts the company's procedure for a credit request (purpose CreditLimitRequest) and tells it the decision. Both run after
/// the request's own transaction has committed: the engine commits in its own transaction.
/// </summary>
internal sealed class RequestProcedures(
    CreditLimitsDbContext db, IProcedureStarter starter, IWorkflowStimulusPublisher stimuli, ILogger<RequestProcedures> logger)
{
    public const string DecidedEvent = "CreditLimitRequestDecided";

    /// <summary>The inputs every CreditLimitRequest procedure receives (it must declare them; see docs/credit-limits.md).</summary>
    public static Dictionary<string, object?> Inputs(CreditRequest request) => new()
    {
        ["requestId"] = request.Id.ToString(),
        ["kind"] = request.Kind.ToString(),
        ["trigger"] = request.Trigger.ToString(),
        ["amount"] = new Money(request.Amount, request.Currency),
        ["approverRole"] = request.RequiredRole.ToString(),
        ["reason"] = request.Reason,
    };

    public async Task StartAsync(Guid requestId, CancellationToken cancellationToken)
    {
        var request = await db.Requests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null || request.InstanceId is not null || request.ProcedureProblem is not null || request.Status != CreditRequestStatus.Pending)
        {
            return;
        }

        try
        {
            var started = await starter.StartAssignedProcedureAsync(
                new ProcedureStartRequest(request.CustomerId, ProcedurePurpose.CreditLimitRequest, request.Id.ToString(), Inputs(request)), cancellationToken);
            request.InstanceId = started.InstanceId;
        }
        catch (BusinessRuleException exception)
        {
            request.ProcedureProblem = exception.Code;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "The procedure of credit request {RequestId} could not start", requestId);
            request.ProcedureProblem = "procedure-start-failed";
        }

        db.CurrentAction = "StartCreditRequestProcedure";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another process started it at the same time; the start is idempotent per request, so its answer stands.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Resumes the request's procedure where it waits for the decision (a procedure that does not wait ignores it).</summary>
    public async Task PublishDecisionAsync(Guid requestId, CancellationToken cancellationToken)
    {
        var request = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == requestId, cancellationToken);
        if (request.InstanceId is null || request.Status == CreditRequestStatus.Pending)
        {
            return;
        }

        var payload = System.Text.Json.JsonSerializer.SerializeToElement(new
        {
            decision = request.Status.ToString(),
            decidedBy = request.DecidedBy,
            amount = new { amount = request.DecidedAmount ?? request.Amount, currency = request.Currency },
        });
        await stimuli.PublishAsync(
            new Stimulus(
                DecidedEvent,
                new Dictionary<string, string>
                {
                    [ProcedureCorrelation.CompanyKey] = request.CompanyId.ToString(),
                    [ProcedureCorrelation.CustomerKey] = request.CustomerId.ToString(),
                    [ProcedureCorrelation.SubjectKey(ProcedurePurpose.CreditLimitRequest)] = request.Id.ToString(),
                },
                $"credit-request-decided:{request.Id}",
                payload),
            cancellationToken);
    }

    /// <summary>The company's pending requests whose procedure has not started yet (opened by events or the daily check).</summary>
    public Task<List<Guid>> WaitingToStartAsync(DateTimeOffset openedBefore, CancellationToken cancellationToken) =>
        db.Requests.Where(r => r.Status == CreditRequestStatus.Pending && r.InstanceId == null && r.ProcedureProblem == null && r.RequestedAt < openedBefore)
            .OrderBy(r => r.RequestedAt).Select(r => r.Id).Take(100).ToListAsync(cancellationToken);
}
