using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.AddSupplierNote;

public sealed record AddSupplierNoteRequest(string Text);

internal sealed record AddSupplierNoteCommand(Guid CaseId, string Text) : ICommand<AgencyCaseDetailResponse>;

internal sealed class AddSupplierNoteValidator : AbstractValidator<AddSupplierNoteCommand>
{
    public AddSupplierNoteValidator() => RuleFor(c => c.Text).NotEmpty().MaximumLength(2000);
}

internal sealed class AddSupplierNoteHandler(
    CollectionDbContext db, IReceivablesQueries receivables, ICompanyClock day, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<AddSupplierNoteCommand, AgencyCaseDetailResponse>
{
    public async Task<AgencyCaseDetailResponse> Handle(AddSupplierNoteCommand command, CancellationToken cancellationToken)
    {
        var agencyCase = await db.AgencyCases.SingleOrDefaultAsync(c => c.HeldCaseId == command.CaseId, cancellationToken)
            ?? throw new NotFoundException("Agency handover of case", command.CaseId);
        var today = await day.TodayAsync(requestContext.CompanyId, cancellationToken);
        AgencyReads.AddEntry(db, agencyCase, AgencyCaseEntryKind.SupplierNote, command.Text.Trim(), today, requestContext.ActorName, timeProvider);
        await db.SaveChangesAsync(cancellationToken);
        return await AgencyReads.DetailAsync(db, receivables, agencyCase, cancellationToken);
    }
}

internal static class AddSupplierNoteEndpoint
{
    public static void MapAddSupplierNote(this RouteGroupBuilder collection) =>
        collection.MapPost("cases/{caseId:guid}/agency-handover/notes", (Guid caseId, AddSupplierNoteRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new AddSupplierNoteCommand(caseId, r.Text), cancellationToken))
            .WithName("AddSupplierNote")
            .WithSummary("Adds a note for the agency to the case it holds (the agency reads it in the case's history).")
            .RequireCompanyRoles(AgenciesRegistration.WriterRoles)
            .ProducesValidationProblem();
}
