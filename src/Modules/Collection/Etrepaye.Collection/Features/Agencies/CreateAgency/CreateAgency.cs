using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Shared;
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

namespace Etrepaye.Collection.Features.Agencies.CreateAgency;

/// <param name="CommissionRate">Percent of what the agency collects that it keeps (0 to 100).</param>
/// <param name="FirstContactDays">Days after a handover by which the agency must accept the case.</param>
/// <param name="ReportEveryDays">Days between two reports the agency owes on a case.</param>
/// <param name="IsDefault">The agency procedures hand over to when they name none (replaces the previous default).</param>
public sealed record AgencyRequest(
    string Name, string? ContactName, string? Email, string? Phone, decimal CommissionRate, int FirstContactDays, int ReportEveryDays, bool? IsActive, bool? IsDefault);

/// <summary>What a create and an update of an agency both set.</summary>
internal interface IAgencyFields
{
    string Name { get; }

    string? ContactName { get; }

    string? Email { get; }

    string? Phone { get; }

    decimal CommissionRate { get; }

    int FirstContactDays { get; }

    int ReportEveryDays { get; }

    bool? IsActive { get; }

    bool? IsDefault { get; }
}

internal sealed record CreateAgencyCommand(
    string Name, string? ContactName, string? Email, string? Phone, decimal CommissionRate, int FirstContactDays, int ReportEveryDays, bool? IsActive, bool? IsDefault)
    : ICommand<AgencyResponse>, IAgencyFields;

internal static class AgencyRules
{
    public static void AddAgencyRules<T>(this AbstractValidator<T> validator)
        where T : IAgencyFields
    {
        validator.RuleFor(a => a.Name).NotEmpty().MaximumLength(200);
        validator.RuleFor(a => a.ContactName).MaximumLength(200);
        validator.RuleFor(a => a.Email).MaximumLength(254).EmailAddress().When(a => !string.IsNullOrEmpty(a.Email));
        validator.RuleFor(a => a.Phone).MaximumLength(40);
        validator.RuleFor(a => a.CommissionRate).InclusiveBetween(0m, 100m).WithMessage("commissionRate is a percentage between 0 and 100.");
        validator.RuleFor(a => a.FirstContactDays).InclusiveBetween(1, 365);
        validator.RuleFor(a => a.ReportEveryDays).InclusiveBetween(1, 365);
    }
}

internal sealed class CreateAgencyValidator : AbstractValidator<CreateAgencyCommand>
{
    public CreateAgencyValidator() => this.AddAgencyRules();
}

internal sealed class CreateAgencyHandler(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CreateAgencyCommand, AgencyResponse>
{
    public async Task<AgencyResponse> Handle(CreateAgencyCommand command, CancellationToken cancellationToken)
    {
        var name = command.Name.Trim();
        if (await db.Agencies.AnyAsync(a => a.Name == name, cancellationToken))
        {
            throw new ConflictException($"An agency named '{name}' exists already.");
        }

        var agency = new Agency
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            Name = name,
        };
        await AgencyWrites.ApplyAsync(db, agency, command, cancellationToken);
        db.Agencies.Add(agency);
        return AgencyResponse.From(agency);
    }
}

internal static class AgencyWrites
{
    public static async Task ApplyAsync(CollectionDbContext db, Agency agency, IAgencyFields request, CancellationToken cancellationToken)
    {
        agency.Name = request.Name.Trim();
        agency.ContactName = request.ContactName?.Trim();
        agency.Email = request.Email?.Trim();
        agency.Phone = request.Phone?.Trim();
        agency.CommissionRate = request.CommissionRate;
        agency.FirstContactDays = request.FirstContactDays;
        agency.ReportEveryDays = request.ReportEveryDays;
        agency.IsActive = request.IsActive ?? true;
        agency.IsDefault = (request.IsDefault ?? agency.IsDefault) && agency.IsActive;
        if (agency.IsDefault)
        {
            foreach (var previous in await db.Agencies.Where(a => a.IsDefault && a.Id != agency.Id).ToListAsync(cancellationToken))
            {
                previous.IsDefault = false;
            }
        }
    }
}

internal static class CreateAgencyEndpoint
{
    public static void MapCreateAgency(this RouteGroupBuilder collection) =>
        collection.MapPost("agencies", HandleAsync)
            .WithName("CreateAgency")
            .WithSummary("Records a collection agency: contact, commission rate and service levels (first contact, report frequency).")
            .RequireCompanyRoles(AgenciesRegistration.ManagerRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Created<AgencyResponse>> HandleAsync(Guid companyId, AgencyRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var agency = await mediator.Send(
            new CreateAgencyCommand(
                request.Name, request.ContactName, request.Email, request.Phone, request.CommissionRate, request.FirstContactDays, request.ReportEveryDays,
                request.IsActive, request.IsDefault),
            cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/collection/agencies/{agency.Id}", agency);
    }
}
