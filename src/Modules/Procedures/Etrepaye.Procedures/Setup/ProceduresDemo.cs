using System.Text.Json;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Features.ImportProcedure;
using Etrepaye.Procedures.Features.PublishProcedure;
using Etrepaye.Procedures.Features.SetDefaultProcedure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Setup;

/// <summary>
/// The demo company's collection procedure: an operator calls as soon as a case opens, so the demo inbox has work at once.
/// Imported, published and made the default for collection cases through the same use cases as the API.
/// </summary>
internal sealed class ProceduresDemo(ProceduresDbContext db, IMediator mediator)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.DefaultProcedures.AnyAsync(d => d.Purpose == ProcedurePurpose.CollectionCase, cancellationToken))
        {
            return;
        }

        await using var stream = typeof(ProceduresDemo).Assembly.GetManifestResourceStream("Etrepaye.Procedures.Setup.demo-collection.json")
            ?? throw new InvalidOperationException("The demo procedure is not embedded.");
        using var definition = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var procedure = await mediator.Send(new ImportProcedureCommand(definition.RootElement.Clone(), null), cancellationToken);
        await mediator.Send(new PublishProcedureCommand(procedure.Id, "Procédure de démonstration"), cancellationToken);
        await mediator.Send(new SetDefaultProcedureCommand(ProcedurePurpose.CollectionCase, procedure.Id), cancellationToken);
    }
}
