using System.Text.Json;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Workflows.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.Instances;

/// <param name="Data">The whole journal entry: message, port, and in <c>why</c> the expressions evaluated with the values they read.</param>
public sealed record JournalEntryResponse(long Sequence, DateTimeOffset At, string Kind, string? ActivityId, string? Port, JsonElement Data);

internal sealed record GetProcedureInstanceQuery(Guid InstanceId) : IQuery<ProcedureInstanceResponse>;

internal sealed class GetProcedureInstanceHandler(WorkflowDbContext db, InstanceNames names) : IRequestHandler<GetProcedureInstanceQuery, ProcedureInstanceResponse>
{
    public Task<ProcedureInstanceResponse> Handle(GetProcedureInstanceQuery query, CancellationToken cancellationToken) =>
        ProcedureInstanceReader.ReadAsync(db, names, query.InstanceId, cancellationToken);
}

internal sealed record GetProcedureInstanceJournalQuery(Guid InstanceId, PageQuery Page) : IQuery<PagedResult<JournalEntryResponse>>;

internal sealed class GetProcedureInstanceJournalHandler(WorkflowDbContext db) : IRequestHandler<GetProcedureInstanceJournalQuery, PagedResult<JournalEntryResponse>>
{
    public async Task<PagedResult<JournalEntryResponse>> Handle(GetProcedureInstanceJournalQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == query.InstanceId, cancellationToken))
        {
            throw new NotFoundException("Procedure instance", query.InstanceId);
        }

        var page = await db.Journal.AsNoTracking().Where(j => j.InstanceId == query.InstanceId).OrderBy(j => j.Sequence).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<JournalEntryResponse>(
            [.. page.Items.Select(j => new JournalEntryResponse(j.Sequence, j.At, j.Kind, j.ActivityId, j.Port, JsonDocument.Parse(j.Data).RootElement.Clone()))],
            page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class GetProcedureInstanceEndpoint
{
    public static void MapGetProcedureInstance(this RouteGroupBuilder instances)
    {
        instances.MapGet("{instanceId:guid}", (Guid instanceId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetProcedureInstanceQuery(instanceId), cancellationToken))
            .WithName("GetProcedureInstance")
            .WithSummary("An instance with its procedure's and customer's names, its variables, its current steps and what each waits on, and its incidents.")
            .RequireCompanyRoles(CompanyRoles.Readers);
        instances.MapGet("{instanceId:guid}/journal", (Guid instanceId, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetProcedureInstanceJournalQuery(instanceId, page), cancellationToken))
            .WithName("GetProcedureInstanceJournal")
            .WithSummary("The instance's journal in order, each step with the why of the port it took.")
            .RequireCompanyRoles(CompanyRoles.Readers)
            .ProducesValidationProblem();
    }
}
