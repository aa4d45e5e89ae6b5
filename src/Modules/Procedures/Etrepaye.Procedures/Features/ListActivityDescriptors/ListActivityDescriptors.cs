using System.Text.Json;
using Etrepaye.Shared.Mediation;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Procedures.Features.ListActivityDescriptors;

/// <param name="Type">The input's type in the definition format ("date", {"kind": "enum", "values": [...]}, …).</param>
/// <param name="AllowedValues">For a string input: the only values it accepts.</param>
/// <param name="AllowsExpression">False when the value must be a literal (it names ports or a variable).</param>
/// <param name="TypeFromVariableInput">The input's type is that of the variable named by this other input.</param>
/// <param name="TemplateKind">The input chooses a message template of this kind by its level (GET …/collection/templates lists them).</param>
public sealed record InputDescriptorResponse(
    string Name, JsonElement Type, bool Required, string? DisplayName, string? Description, IReadOnlyList<string>? AllowedValues, bool AllowsExpression,
    string? TypeFromVariableInput, JsonElement? Default, string? TemplateKind);

public sealed record OutputDescriptorResponse(string Name, JsonElement Type, string? Description);

public sealed record PortDescriptorResponse(string Name, string? Description);

/// <param name="Input">The input whose literal value names more ports.</param>
/// <param name="Field">For a list of records: the field holding each port's name.</param>
public sealed record DynamicPortsResponse(string Input, string? Field);

/// <param name="Type">Stable type name: module.verb-noun (built-ins: workflow.*).</param>
/// <param name="Ports">Fixed ports; DynamicPorts says which input names the others.</param>
/// <param name="IsWait">Whether it waits for something outside the step (an event, a date, a person).</param>
public sealed record ActivityDescriptorResponse(
    string Type, string DisplayName, string Category, string Description, IReadOnlyList<InputDescriptorResponse> Inputs,
    IReadOnlyList<OutputDescriptorResponse> Outputs, IReadOnlyList<PortDescriptorResponse> Ports, DynamicPortsResponse? DynamicPorts, bool IsWait);

internal sealed record ListActivityDescriptorsQuery : IQuery<IReadOnlyList<ActivityDescriptorResponse>>;

internal sealed class ListActivityDescriptorsHandler(ActivityCatalog catalog) : IRequestHandler<ListActivityDescriptorsQuery, IReadOnlyList<ActivityDescriptorResponse>>
{
    public Task<IReadOnlyList<ActivityDescriptorResponse>> Handle(ListActivityDescriptorsQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ActivityDescriptorResponse>>([.. catalog.Descriptors.Select(d => new ActivityDescriptorResponse(
            d.Type, d.DisplayName, d.Category, d.Description,
            [.. d.Inputs.Select(i => new InputDescriptorResponse(
                i.Name, TypeJson(i.Type), i.Required, i.DisplayName, i.Description, i.AllowedValues, i.AllowsExpression, i.TypeFromVariableInput, i.Default, i.TemplateKind))],
            [.. d.Outputs.Select(o => new OutputDescriptorResponse(o.Name, TypeJson(o.Type), o.Description))],
            [.. d.Ports.Select(p => new PortDescriptorResponse(p.Name, p.Description))],
            d.DynamicPorts is { } dynamic ? new DynamicPortsResponse(dynamic.Input, dynamic.Field) : null,
            d.IsWait))]);

    private static JsonElement TypeJson(WorkflowType type) => JsonSerializer.SerializeToElement(type, WorkflowJson.Options);
}

internal static class ListActivityDescriptorsEndpoint
{
    public static void MapListActivityDescriptors(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/activity-descriptors", (IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListActivityDescriptorsQuery(), cancellationToken))
            .WithTags("Procedures")
            .WithName("ListActivityDescriptors")
            .WithSummary("Every activity a procedure may use (built-ins and those modules contribute), by category: its inputs (types, required, allowed values), outputs and ports, for the designer.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
