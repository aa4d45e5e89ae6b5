using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Features.SetDefaultProcedure;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.ListDefaultProcedures;

internal sealed record ListDefaultProceduresQuery : IQuery<IReadOnlyList<DefaultProcedureResponse>>;

internal sealed class ListDefaultProceduresHandler(ProceduresDbContext db) : IRequestHandler<ListDefaultProceduresQuery, IReadOnlyList<DefaultProcedureResponse>>
{
    public async Task<IReadOnlyList<DefaultProcedureResponse>> Handle(ListDefaultProceduresQuery query, CancellationToken cancellationToken)
    {
        var defaults = await db.DefaultProcedures.AsNoTracking().ToListAsync(cancellationToken);
        return [.. Enum.GetValues<ProcedurePurpose>().Select(p => new DefaultProcedureResponse(p, defaults.SingleOrDefault(d => d.Purpose == p)?.ProcedureId))];
    }
}

internal static class ListDefaultProceduresEndpoint
{
    public static void MapListDefaultProcedures(this RouteGroupBuilder procedures) =>
        procedures.MapGet("assignment/defaults", (IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListDefaultProceduresQuery(), cancellationToken))
            .WithName("ListDefaultProcedures")
            .WithSummary("The company's default procedure for each purpose (four purposes, so not paged).");
}
