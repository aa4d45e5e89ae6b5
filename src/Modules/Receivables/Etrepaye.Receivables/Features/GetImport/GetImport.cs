using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
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
/// <param name="RowsRead">Progress: data rows read so far (the header is not counted).</param>
/// <param name="Errors">The bad rows, by line, paged.</param>
public sealed record ImportResponse(
    Guid Id, string FileName, Guid? MappingId, string Mode, string Policy, DateOnly ImportDate, string Status, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, string StartedBy, long RowsRead, long RowsRejected, long ItemsCreated, long ItemsUpdated, long ItemsUnchanged,
    long ItemsSettledByAbsence, long CustomersCreated, string? Message, PagedResult<ImportRowErrorResponse> Errors);

internal sealed record GetImportQuery(Guid ImportId, PageQuery Page) : IQuery<ImportResponse>;

internal sealed class GetImportHandler(ReceivablesDbContext db) : IRequestHandler<GetImportQuery, ImportResponse>
{
    public Task<ImportResponse> Handle(GetImportQuery query, CancellationToken cancellationToken) => LoadAsync(db, query.ImportId, query.Page, cancellationToken);

    internal static async Task<ImportResponse> LoadAsync(ReceivablesDbContext db, Guid importId, PageQuery page, CancellationToken cancellationToken)
    {
        var run = await db.Imports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == importId, cancellationToken)
            ?? throw new NotFoundException("Import", importId);
        var errors = await db.ImportRowErrors.AsNoTracking().Where(e => e.ImportId == importId)
            .OrderBy(e => e.Line).ThenBy(e => e.Id)
            .Select(e => new ImportRowErrorResponse(e.Line, e.Column, e.Reason))
            .ToPageAsync(page, cancellationToken);
        return From(run, errors);
    }

    private static ImportResponse From(ImportRun r, PagedResult<ImportRowErrorResponse> errors) => new(
        r.Id, r.FileName, r.MappingId, r.Mode.ToString(), r.Policy.ToString(), r.ImportDate, r.Status.ToString(), r.StartedAt, r.FinishedAt, r.StartedBy,
        r.RowsRead, r.RowsRejected, r.ItemsCreated, r.ItemsUpdated, r.ItemsUnchanged, r.ItemsSettledByAbsence, r.CustomersCreated, r.Message, errors);
}

internal static class GetImportEndpoint
{
    public static void MapGetImport(this RouteGroupBuilder receivables) =>
        receivables.MapGet("imports/{importId:guid}", (Guid importId, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetImportQuery(importId, page), cancellationToken))
            .WithName("GetImport")
            .WithSummary("An import's status, progress and counts, with its report of bad rows (paged).");
}
