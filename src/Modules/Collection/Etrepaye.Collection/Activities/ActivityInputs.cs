using System.Text.Json;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Workflows.Activities;

namespace Etrepaye.Collection.Activities;

/// <summary>What collection activities read from the instance: the case and the customer are its correlation keys.</summary>
internal static class CaseKeys
{
    public static Guid CaseId(ActivityContext context) =>
        context.CorrelationKeys.TryGetValue(ProcedureCorrelation.SubjectKey(ProcedurePurpose.CollectionCase), out var value) && Guid.TryParse(value, out var id)
            ? id
            : throw new InvalidOperationException("Collection activities run in a collection case's procedure (correlation key 'case').");

    public static Guid CustomerId(ActivityContext context) =>
        context.CorrelationKeys.TryGetValue(ProcedureCorrelation.CustomerKey, out var value) && Guid.TryParse(value, out var id)
            ? id
            : throw new InvalidOperationException("Collection activities run in a collection case's procedure (correlation key 'customer').");

    public static JsonElement Literal(object value) => JsonSerializer.SerializeToElement(value);
}
