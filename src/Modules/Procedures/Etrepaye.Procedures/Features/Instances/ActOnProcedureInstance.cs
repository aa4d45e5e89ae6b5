using System.Text.Json;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.Instances;

public sealed record RetryStepRequest(Guid ExecutionId, string Reason);

public sealed record SkipStepRequest(Guid ExecutionId, string Port, string Reason);

public sealed record CancelInstanceRequest(string Reason);

public sealed record MoveToStepRequest(string ActivityId, string Reason);

public sealed record ChangeVariableRequest(string Name, JsonElement Value, string Reason);

internal enum InstanceAction
{
    Retry,
    Skip,
    Cancel,
    Move,
    ChangeVariable,
}

// Not an ICommand: the engine commits the step in its own transaction, then the audit entry is written.
internal sealed record ActOnProcedureInstanceCommand(
    Guid InstanceId, InstanceAction Action, string Reason, Guid? ExecutionId = null, string? Port = null, string? ActivityId = null, string? Name = null, JsonElement? Value = null)
    : IRequest<ProcedureInstanceResponse>;

internal sealed class ActOnProcedureInstanceValidator : AbstractValidator<ActOnProcedureInstanceCommand>
{
    public ActOnProcedureInstanceValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000);
        RuleFor(c => c.ExecutionId).NotEmpty().When(c => c.Action is InstanceAction.Retry or InstanceAction.Skip);
        RuleFor(c => c.Port).NotEmpty().When(c => c.Action == InstanceAction.Skip);
        RuleFor(c => c.ActivityId).NotEmpty().When(c => c.Action == InstanceAction.Move);
        RuleFor(c => c.Name).NotEmpty().When(c => c.Action == InstanceAction.ChangeVariable);
    }
}

internal sealed class ActOnProcedureInstanceHandler(
    WorkflowDbContext db, WorkflowHost host, ProceduresDbContext proceduresDb, InstanceNames names, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<ActOnProcedureInstanceCommand, ProcedureInstanceResponse>
{
    public async Task<ProcedureInstanceResponse> Handle(ActOnProcedureInstanceCommand command, CancellationToken cancellationToken)
    {
        var before = await db.Instances.AsNoTracking().Where(i => i.Id == command.InstanceId)
            .Select(i => new { i.Status, i.Version, i.DefinitionVersion }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Procedure instance", command.InstanceId);
        var by = requestContext.ActorName;
        var result = command.Action switch
        {
            InstanceAction.Retry => await host.ActAsync(command.InstanceId, new RetryActivity(command.ExecutionId!.Value, command.Reason, by), cancellationToken),
            InstanceAction.Skip => await host.ActAsync(command.InstanceId, new SkipActivity(command.ExecutionId!.Value, command.Port!, command.Reason, by), cancellationToken),
            InstanceAction.Move => await host.ActAsync(command.InstanceId, new MoveToActivity(command.ActivityId!, command.Reason, by), cancellationToken),
            InstanceAction.ChangeVariable => await host.ActAsync(command.InstanceId, new ChangeVariable(command.Name!, command.Value, command.Reason, by), cancellationToken),
            _ => await host.CancelAsync(command.InstanceId, $"{command.Reason} ({by})", cancellationToken),
        };
        if (result.Status == StepStatus.Rejected)
        {
            throw new ValidationException(result.Errors.Select(error => error.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 && !error[..colon].Contains(' ', StringComparison.Ordinal)
                ? new ValidationFailure(error[..colon], error[(colon + 2)..])
                : new ValidationFailure(command.Action is InstanceAction.Retry or InstanceAction.Skip ? "executionId" : "value", error)));
        }

        if (!result.Applied)
        {
            throw new ConflictException($"The instance cannot take this action: {string.Join("; ", result.Errors)}");
        }

        await ProcedureAudit.WriteAsync(
            proceduresDb, requestContext, timeProvider, $"{command.Action}ProcedureInstanceCommand", "ProcedureInstance", command.InstanceId,
            before,
            new
            {
                result.Snapshot.Status,
                result.Snapshot.Version,
                command.Reason,
                command.ExecutionId,
                command.Port,
                command.ActivityId,
                command.Name,
                Value = command.Value?.GetRawText(),
            },
            cancellationToken);
        return await ProcedureInstanceReader.ReadAsync(db, names, command.InstanceId, cancellationToken);
    }
}

internal static class ActOnProcedureInstanceEndpoint
{
    private static readonly CompanyRole[] _operators = [CompanyRole.Administrator, CompanyRole.CreditManager, CompanyRole.Operator];

    public static void MapActOnProcedureInstance(this RouteGroupBuilder instances)
    {
        Map(instances.MapPost("{instanceId:guid}/retry", (Guid instanceId, RetryStepRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            mediator.Send(new ActOnProcedureInstanceCommand(instanceId, InstanceAction.Retry, r.Reason ?? string.Empty, ExecutionId: r.ExecutionId), cancellationToken)),
            "RetryProcedureStep", "Runs a faulted step again now (a faulted instance runs again).");
        Map(instances.MapPost("{instanceId:guid}/skip", (Guid instanceId, SkipStepRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            mediator.Send(new ActOnProcedureInstanceCommand(instanceId, InstanceAction.Skip, r.Reason ?? string.Empty, ExecutionId: r.ExecutionId, Port: r.Port), cancellationToken)),
            "SkipProcedureStep", "Completes a current step through the chosen port without running it.");
        Map(instances.MapPost("{instanceId:guid}/cancel", (Guid instanceId, CancelInstanceRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            mediator.Send(new ActOnProcedureInstanceCommand(instanceId, InstanceAction.Cancel, r.Reason ?? string.Empty), cancellationToken)),
            "CancelProcedureInstance", "Cancels the instance: every wait is removed.");
        Map(instances.MapPost("{instanceId:guid}/move", (Guid instanceId, MoveToStepRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            mediator.Send(new ActOnProcedureInstanceCommand(instanceId, InstanceAction.Move, r.Reason ?? string.Empty, ActivityId: r.ActivityId), cancellationToken)),
            "MoveProcedureInstance", "Cancels the current waits and starts the named step.");
        Map(instances.MapPost("{instanceId:guid}/variables", (Guid instanceId, ChangeVariableRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            mediator.Send(new ActOnProcedureInstanceCommand(instanceId, InstanceAction.ChangeVariable, r.Reason ?? string.Empty, Name: r.Name, Value: r.Value), cancellationToken)),
            "ChangeProcedureVariable", "Sets a variable of the instance; the value must fit the variable's declared type.");
    }

    private static void Map(RouteHandlerBuilder endpoint, string name, string summary) =>
        endpoint.WithName(name).WithSummary(summary + " The reason is written to the journal and the audit log.")
            .RequireCompanyRoles(_operators)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
