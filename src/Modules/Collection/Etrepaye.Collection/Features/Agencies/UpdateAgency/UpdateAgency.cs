using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Features.Agencies.CreateAgency;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.UpdateAgency;

/// <param name="Version">The version read: a change made meanwhile answers 409.</param>
public sealed record UpdateAgencyRequest(
    string Name, string? ContactName, string? Email, string? Phone, decimal CommissionRate, int FirstContactDays, int ReportEveryDays, bool? IsActive, bool? IsDefault,
    long Version);

internal sealed record UpdateAgencyCommand(
    Guid AgencyId, string Name, string? ContactName, string? Email, string? Phone, decimal CommissionRate, int FirstContactDays, int ReportEveryDays,
    bool? IsActive, bool? IsDefault, long Version) : ICommand<AgencyResponse>, IAgencyFields;

internal sealed class UpdateAgencyValidator : AbstractValidator<UpdateAgencyCommand>
{
    public UpdateAgencyValidator() => this.AddAgencyRules();
}

internal sealed class UpdateAgencyHandler(CollectionDbContext db) : IRequestHandler<UpdateAgencyCommand, AgencyResponse>
{
    public async Task<AgencyResponse> Handle(UpdateAgencyCommand command, CancellationToken cancellationToken)
    {
        var agency = await db.Agencies.SingleOrDefaultAsync(a => a.Id == command.AgencyId, cancellationToken)
            ?? throw new NotFoundException("Agency", command.AgencyId);
        var name = command.Name.Trim();
        if (await db.Agencies.AnyAsync(a => a.Name == name && a.Id != agency.Id, cancellationToken))
        {
            throw new ConflictException($"An agency named '{name}' exists already.");
        }

        db.Entry(agency).Property(a => a.Version).OriginalValue = command.Version;
        await AgencyWrites.ApplyAsync(db, agency, command, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return AgencyResponse.From(agency);
    }
}

internal static class UpdateAgencyEndpoint
{
    public static void MapUpdateAgency(this RouteGroupBuilder collection) =>
        collection.MapPut("agencies/{agencyId:guid}", (Guid agencyId, UpdateAgencyRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(
                    new UpdateAgencyCommand(
                        agencyId, r.Name, r.ContactName, r.Email, r.Phone, r.CommissionRate, r.FirstContactDays, r.ReportEveryDays, r.IsActive, r.IsDefault, r.Version),
                    cancellationToken))
            .WithName("UpdateAgency")
            .WithSummary("Changes an agency's record; the new commission rate applies to cases handed over from then on. An inactive agency's keys stop working.")
            .RequireCompanyRoles(AgenciesRegistration.ManagerRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
