using Etrepaye.Guarantees.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.GetGuarantee;

internal sealed record GetGuaranteeQuery(Guid GuaranteeId) : IQuery<GuaranteeDetailResponse>;

internal sealed class GetGuaranteeHandler(GuaranteesDbContext db) : IRequestHandler<GetGuaranteeQuery, GuaranteeDetailResponse>
{
    public async Task<GuaranteeDetailResponse> Handle(GetGuaranteeQuery query, CancellationToken cancellationToken)
    {
        var guarantee = await db.Guarantees.AsNoTracking().SingleOrDefaultAsync(g => g.Id == query.GuaranteeId, cancellationToken)
            ?? throw new NotFoundException("Guarantee", query.GuaranteeId);
        var history = await db.StatusChanges.AsNoTracking().Where(c => c.GuaranteeId == guarantee.Id).OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new GuaranteeStatusChangeResponse(c.FromStatus == null ? null : c.FromStatus.ToString(), c.ToStatus.ToString(), c.EffectiveDate, c.At, c.ChangedBy, c.Reason))
            .ToListAsync(cancellationToken);
        var documents = await db.Documents.AsNoTracking().Where(d => d.GuaranteeId == guarantee.Id).OrderBy(d => d.UploadedAt).ThenBy(d => d.Id)
            .Select(d => new GuaranteeDocumentResponse(d.Id, d.FileName, d.ContentType, d.Size, d.Sha256, d.UploadedAt, d.UploadedBy))
            .ToListAsync(cancellationToken);
        var calls = await db.Calls.AsNoTracking().Where(c => c.GuaranteeId == guarantee.Id).OrderBy(c => c.CalledOn).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var callIds = calls.Select(c => c.Id).ToList();
        var receipts = await db.CallReceipts.AsNoTracking().Where(r => callIds.Contains(r.CallId)).OrderBy(r => r.ReceivedOn).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        return new GuaranteeDetailResponse(
            GuaranteeResponse.From(guarantee, calls.Sum(c => c.Amount)),
            history,
            documents,
            calls.Select(c => GuaranteeReads.CallResponse(c, receipts.Where(r => r.CallId == c.Id))).ToList());
    }
}

internal static class GetGuaranteeEndpoint
{
    public static void MapGetGuarantee(this RouteGroupBuilder guarantees) =>
        guarantees.MapGet("{guaranteeId:guid}", (Guid guaranteeId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetGuaranteeQuery(guaranteeId), cancellationToken))
            .WithName("GetGuarantee")
            .WithSummary("A guarantee with its status history, its documents and its calls.");
}
