using System.Data.Common;
using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.HandOverCase;

/// <param name="AgencyId">The agency; the company's default agency when not given.</param>
/// <param name="InvoiceIds">The customer's open invoices handed over, all in one currency.</param>
/// <param name="Note">What the agency should know (shown to it with the case).</param>
/// <param name="HandedOverOn">The handover date, today when not given (an earlier date records a handover made outside Etrepaye).</param>
public sealed record HandOverCaseRequest(Guid CustomerId, Guid? AgencyId, IReadOnlyList<Guid>? InvoiceIds, string? Note, DateOnly? HandedOverOn);

/// <param name="AgencyCaseId">A chosen id (a procedure's effect derives it from its idempotency key): a handover that exists already is answered as is.</param>
internal sealed record HandOverCaseCommand(
    Guid CaseId, Guid CustomerId, Guid? AgencyId, IReadOnlyList<Guid> InvoiceIds, string? Note, DateOnly? HandedOverOn = null, Guid? AgencyCaseId = null)
    : ICommand<AgencyCaseDetailResponse>;

internal sealed class HandOverCaseValidator : AbstractValidator<HandOverCaseCommand>
{
    public HandOverCaseValidator()
    {
        RuleFor(c => c.CaseId).NotEmpty();
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.AgencyId).NotEqual(Guid.Empty).When(c => c.AgencyId is not null);
        RuleFor(c => c.InvoiceIds).NotEmpty().WithMessage("Select at least one invoice to hand over.")
            .Must(ids => ids.Count <= 500).WithMessage("At most 500 invoices are handed over at once.")
            .Must(ids => !ids.Contains(Guid.Empty)).WithMessage("An invoice id is empty.");
        RuleFor(c => c.Note).MaximumLength(2000);
    }
}

internal sealed class HandOverCaseHandler(
    CollectionDbContext db, IReceivablesQueries receivables, ICompanyClock day, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<HandOverCaseCommand, AgencyCaseDetailResponse>
{
    public async Task<AgencyCaseDetailResponse> Handle(HandOverCaseCommand command, CancellationToken cancellationToken)
    {
        if (command.AgencyCaseId is { } chosen && await db.AgencyCases.SingleOrDefaultAsync(c => c.Id == chosen, cancellationToken) is { } existing)
        {
            return await AgencyReads.DetailAsync(db, receivables, existing, cancellationToken);
        }

        var agency = await FindAgencyAsync(command.AgencyId, cancellationToken);
        var collectionCase = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == command.CaseId, cancellationToken)
            ?? throw new NotFoundException("Collection case", command.CaseId);
        if (collectionCase.Status == CaseStatus.Closed)
        {
            throw new BusinessRuleException("case-closed", $"Collection case {command.CaseId} is closed: only an open case is handed over.", "caseId");
        }

        if (collectionCase.CustomerId != command.CustomerId)
        {
            throw new BusinessRuleException("customer-not-of-case", $"Customer {command.CustomerId} is not the customer of collection case {command.CaseId}.", "customerId");
        }

        if (await db.AgencyCases.AnyAsync(c => c.HeldCaseId == command.CaseId, cancellationToken))
        {
            throw new ConflictException($"Case {command.CaseId} is held by an agency already: recall it first.");
        }

        if ((await receivables.GetCustomersAsync([command.CustomerId], cancellationToken)).Count == 0)
        {
            throw new BusinessRuleException("customer-unknown", $"Customer {command.CustomerId} does not exist in the company.", "customerId");
        }

        var today = await day.TodayAsync(requestContext.CompanyId, cancellationToken);
        var on = command.HandedOverOn ?? today;
        if (on > today)
        {
            throw new BusinessRuleException("handover-in-the-future", "A case cannot be handed over at a future date.", "handedOverOn");
        }

        var open = (await receivables.GetOpenItemsAsync(command.CustomerId, on, cancellationToken)).Where(i => i.Type == "Invoice").ToDictionary(i => i.ItemId);
        var invoiceIds = command.InvoiceIds.Distinct().ToList();
        if (invoiceIds.FirstOrDefault(id => !open.ContainsKey(id)) is var unknown && unknown != Guid.Empty)
        {
            throw new BusinessRuleException("invoice-not-open", $"Invoice {unknown} is not an open invoice of the customer on {on:yyyy-MM-dd}.", "invoiceIds");
        }

        var selected = invoiceIds.Select(id => open[id]).ToList();
        if (selected.Select(i => i.OpenAmount.Currency).Distinct().Count() > 1)
        {
            throw new BusinessRuleException("mixed-currencies", "The invoices handed over together must be in one currency; hand the others over separately.", "invoiceIds");
        }

        var agencyCase = new AgencyCase
        {
            Id = command.AgencyCaseId ?? Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            AgencyId = agency.Id,
            CaseId = command.CaseId,
            CustomerId = command.CustomerId,
            HeldCaseId = command.CaseId,
            Currency = selected[0].OpenAmount.Currency,
            HandedOverAmount = selected.Sum(i => i.OpenAmount.Amount),
            CommissionRate = agency.CommissionRate,
            Status = AgencyCaseStatus.HandedOver,
            HandedOverOn = on,
            HandedOverAt = timeProvider.GetUtcNow(),
            HandedOverBy = requestContext.ActorName,
            FirstContactDueOn = on.AddDays(agency.FirstContactDays),
            ReportEveryDays = agency.ReportEveryDays,
            Note = command.Note,
        };
        db.AgencyCases.Add(agencyCase);
        db.AgencyCaseItems.AddRange(selected.Select(i => new AgencyCaseItem
        {
            Id = Ids.New(timeProvider),
            CompanyId = agencyCase.CompanyId,
            AgencyCaseId = agencyCase.Id,
            InvoiceId = i.ItemId,
            Reference = i.Reference,
            IssueDate = i.IssueDate,
            DueDate = i.DueDate,
            Amount = i.Amount.Amount,
            OpenAmount = i.OpenAmount.Amount,
            Currency = i.OpenAmount.Currency,
        }));
        AgencyReads.AddEntry(db, agencyCase, AgencyCaseEntryKind.HandedOver, command.Note, on, requestContext.ActorName, timeProvider);
        db.Publish(new CaseHandedOverToAgency(
            agencyCase.CompanyId, agencyCase.CustomerId, agencyCase.CaseId, agency.Id, invoiceIds, new Money(agencyCase.HandedOverAmount, agencyCase.Currency), on));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is DbException { SqlState: "23505" } or DbException { ErrorCode: 19 })
        {
            // The unique index on the held case id settles a race between two handovers of one case.
            throw new ConflictException($"Case {command.CaseId} was handed over meanwhile.");
        }

        return await AgencyReads.DetailAsync(db, receivables, agencyCase, cancellationToken);
    }

    private async Task<Agency> FindAgencyAsync(Guid? agencyId, CancellationToken cancellationToken)
    {
        if (agencyId is null)
        {
            return await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.IsDefault && a.IsActive, cancellationToken)
                ?? throw new BusinessRuleException(AgenciesRegistration.NoAgencyCode, "The company has no default agency: name the agency.", "agencyId");
        }

        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agencyId, cancellationToken)
            ?? throw new BusinessRuleException("agency-unknown", $"Agency {agencyId} does not exist in the company.", "agencyId");
        return agency.IsActive ? agency : throw new BusinessRuleException("agency-inactive", $"Agency '{agency.Name}' is inactive.", "agencyId");
    }
}

internal static class HandOverCaseEndpoint
{
    public static void MapHandOverCase(this RouteGroupBuilder collection) =>
        collection.MapPost("cases/{caseId:guid}/agency-handover", HandleAsync)
            .WithName("HandOverCase")
            .WithSummary(
                "Hands a collection case over to an agency (or the default agency) with the selected open invoices and a note; publishes CaseHandedOverToAgency. " +
                "A case an agency holds already answers 409.")
            .RequireCompanyRoles(AgenciesRegistration.ManagerRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Created<AgencyCaseDetailResponse>> HandleAsync(
        Guid companyId, Guid caseId, HandOverCaseRequest r, IMediator mediator, CancellationToken cancellationToken)
    {
        var handover = await mediator.Send(new HandOverCaseCommand(caseId, r.CustomerId, r.AgencyId, r.InvoiceIds ?? [], r.Note, r.HandedOverOn), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/collection/cases/{caseId}/agency-handover", handover);
    }
}
