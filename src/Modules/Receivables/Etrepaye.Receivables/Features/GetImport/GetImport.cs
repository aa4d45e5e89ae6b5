using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Receivables.Importing;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.GetImport;

/// <param name="Line">Line of the file where the row starts (the header is line 1).</param>
/// <param name="Column">The column at fault (its header), when the reason is about one column.</param>
public sealed record ImportRowErrorResponse(long Line, string? Column, string Reason);

/// <param name="Status">Validating, Applying, Completed, CompletedWithErrors, Rejected (nothing written) or Failed (rolled back).</param>
/// <param name="RowsRead">Progress of validation: data rows read so far (the header is not counted).</param>
/// <param name="RowsApplied">Progress of the write pass: rows applied so far (bad and repeated rows are not applied).</param>
/// <param name="ItemsReopened">Settled items that the file showed open again.</param>
/// <param name="Errors">The bad rows, by line, paged.</param>
public sealed record ImportResponse(
    Guid Id, string FileName, Guid? MappingId, string Mode, string Policy, DateOnly ImportDate, string Status, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, string StartedBy, long RowsRead, long RowsRejected, long ItemsCreated, long ItemsUpdated, long ItemsUnchanged,
    long ItemsSettledByAbsence, long CustomersCreated, long RowsApplied, long ItemsReopened, string? Message, PagedResult<ImportRowErrorResponse> Errors);

internal sealed record GetImportQuery(Guid ImportId, PageQuery Page) : IQuery<ImportResponse>;

internal sealed class GetImportHandler(ReceivablesDbContext db, ImportProgress progress) : IRequestHandler<GetImportQuery, ImportResponse>
{
    public Task<ImportResponse> Handle(GetImportQuery query, CancellationToken cancellationToken) => LoadAsync(db, query.ImportId, query.Page, cancellationToken, progress);

    internal static async Task<ImportResponse> LoadAsync(
        ReceivablesDbContext db, Guid importId, PageQuery page, CancellationToken cancellationToken, ImportProgress? progress = null)
    {
        var run = await db.Imports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == importId, cancellationToken)
            ?? throw new NotFoundException("Import", importId);
        if (run.Status == ImportStatus.Applying && progress?.RowsApplied(run.Id) is { } applied && applied > run.RowsApplied)
        {
            run.RowsApplied = applied;
        }

        var errors = await db.ImportRowErrors.AsNoTracking().Where(e => e.ImportId == importId)
            .OrderBy(e => e.Line).ThenBy(e => e.Id)
            .Select(e => new ImportRowErrorResponse(e.Line, e.Column, e.Reason))
            .ToPageAsync(page, cancellationToken);
        return From(run, errors);
    }

    private static ImportResponse From(ImportRun r, PagedResult<ImportRowErrorResponse> errors) => new(
        r.Id, r.FileName, r.MappingId, r.Mode.ToString(), r.Policy.ToString(), r.ImportDate, r.Status.ToString(), r.StartedAt, r.FinishedAt, r.StartedBy,
        r.RowsRead, r.RowsRejected, r.ItemsCreated, r.ItemsUpdated, r.ItemsUnchanged, r.ItemsSettledByAbsence, r.CustomersCreated, r.RowsApplied, r.ItemsReopened, r.Message, errors);
}

internal static class GetImportEndpoint
{
    public static void MapGetImport(this RouteGroupBuilder receivables) =>
        receivables.MapGet("imports/{importId:guid}", (Guid importId, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetImportQuery(importId, page), cancellationToken))
            .WithName("GetImport")
            .WithSummary("An import's status, progress and counts, with its report of bad rows (paged).");
}
