namespace Etrepaye.Procedures.Contracts;

/// <summary>Why a procedure is started for a customer: each purpose has its own assignment rules and default procedure.</summary>
public enum ProcedurePurpose
{
    /// <summary>A collection case opened by the Collection module.</summary>
    CollectionCase,

    /// <summary>A dispute opened by the Disputes module.</summary>
    Dispute,

    /// <summary>A credit-limit request of the CreditLimits module.</summary>
    CreditLimitRequest,

    /// <summary>A guarantee followed by the Guarantees module.</summary>
    Guarantee,

    /// <summary>A duty owed to the credit insurer (declare an overdue, notify a payment plan, file a claim) of the Guarantees module.</summary>
    InsurerDuty,
}

/// <summary>
/// Starts, for the company in the current request context, the published procedure its assignment rules give a customer
/// for a purpose (first matching rule, else the company's default for the purpose).
/// </summary>
public interface IProcedureStarter
{
    /// <summary>
    /// Picks the procedure and its published version, and starts an instance on the workflow engine with the correlation
    /// keys <c>company</c>, <c>customer</c> and the subject's key (<see cref="ProcedureCorrelation.SubjectKey"/>). Starting
    /// again for the same company, purpose and subject returns the instance already started (callers may be redelivered).
    /// </summary>
    /// <param name="request">The customer, the purpose, the caller's subject and the procedure's inputs.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The instance and the procedure version it runs.</returns>
    /// <exception cref="InvalidOperationException">No company in the request context.</exception>
    Task<ProcedureStartResult> StartAssignedProcedureAsync(ProcedureStartRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="StartAssignedProcedureAsync"/> for many subjects with a few queries for all of them, the new instances started
    /// in one engine transaction (the daily run's opened cases). A request that cannot start (unknown customer, nothing
    /// assigned, procedure not published) gets its reason instead of failing the others.
    /// </summary>
    /// <param name="requests">The starts wanted (a subject named twice is started once).</param>
    /// <param name="cancellationToken">Cancels the starts.</param>
    /// <returns>One outcome per request, in their order.</returns>
    /// <exception cref="InvalidOperationException">No company in the request context.</exception>
    Task<IReadOnlyList<ProcedureStartOutcome>> StartAssignedProceduresAsync(IReadOnlyList<ProcedureStartRequest> requests, CancellationToken cancellationToken);

    /// <summary>
    /// The published procedure a start would pick for the customer now, and the inputs it declares (with their defaults),
    /// without starting anything: a caller decides from them what to start it with, or whether to start it early.
    /// </summary>
    /// <param name="customerId">The customer account.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The procedure; null when none applies (no rule, no default, or not published).</returns>
    Task<AssignedProcedure?> FindAssignedProcedureAsync(Guid customerId, ProcedurePurpose purpose, CancellationToken cancellationToken);
}

/// <summary>The published procedure assigned to a customer for a purpose.</summary>
/// <param name="ProcedureId">The procedure.</param>
/// <param name="Version">Its published version.</param>
/// <param name="InputDefaults">The start inputs it declares, by name, with their default (a JSON literal of the input's type) or null.</param>
public sealed record AssignedProcedure(Guid ProcedureId, int Version, IReadOnlyDictionary<string, System.Text.Json.JsonElement?> InputDefaults);

/// <summary>What to start a procedure for.</summary>
/// <param name="CustomerId">The customer account (Receivables).</param>
/// <param name="Purpose">Why: chooses the rules and the default that apply.</param>
/// <param name="SubjectId">The caller's own id for what the procedure is about (the collection case, the dispute…).</param>
/// <param name="Inputs">The procedure's start inputs by name: CLR values or JSON elements, checked against the declared inputs.</param>
public sealed record ProcedureStartRequest(
    Guid CustomerId, ProcedurePurpose Purpose, string SubjectId, IReadOnlyDictionary<string, object?>? Inputs = null);

/// <summary>The instance that runs the assigned procedure.</summary>
/// <param name="InstanceId">The workflow instance.</param>
/// <param name="ProcedureId">The procedure, which is also the engine's definition id (as a string).</param>
/// <param name="Version">The published version the instance runs (it stays on it).</param>
/// <param name="RuleId">The assignment rule that matched; null when the company's default was used.</param>
/// <param name="AlreadyStarted">True when an instance was already started for this subject and is returned instead.</param>
public sealed record ProcedureStartResult(Guid InstanceId, Guid ProcedureId, int Version, Guid? RuleId, bool AlreadyStarted);

/// <summary>What came of one request of a batch start: the instance, or why none was started.</summary>
/// <param name="Started">The instance (new or already started); null when it could not start.</param>
/// <param name="Error">Why it could not start (the message <see cref="IProcedureStarter.StartAssignedProcedureAsync"/> would throw); null when started.</param>
public sealed record ProcedureStartOutcome(ProcedureStartResult? Started, string? Error);

/// <summary>The correlation keys procedure instances carry.</summary>
public static class ProcedureCorrelation
{
    /// <summary>The company (a Guid, as the engine requires).</summary>
    public const string CompanyKey = "company";

    /// <summary>The customer account's id.</summary>
    public const string CustomerKey = "customer";

    /// <summary>The key under which the caller's subject id is correlated, per purpose: case, dispute, creditLimitRequest, guarantee, insurerDuty.</summary>
    /// <param name="purpose">The purpose.</param>
    /// <returns>The key name.</returns>
    public static string SubjectKey(ProcedurePurpose purpose) => purpose switch
    {
        ProcedurePurpose.CollectionCase => "case",
        ProcedurePurpose.Dispute => "dispute",
        ProcedurePurpose.CreditLimitRequest => "creditLimitRequest",
        ProcedurePurpose.Guarantee => "guarantee",
        ProcedurePurpose.InsurerDuty => "insurerDuty",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown purpose."),
    };
}
