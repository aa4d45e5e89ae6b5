using Etrepaye.Access.Contracts;
using Etrepaye.Access.Data;
using Etrepaye.Access.Setup;
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

namespace Etrepaye.Access.Features.UpdateCompany;

/// <param name="Version">The version read; a concurrent change since then makes the update fail with 409.</param>
public sealed record UpdateCompanyRequest(string Name, string Currency, string TimeZone, string Language, long Version);

internal sealed record UpdateCompanyCommand(string Name, string Currency, string TimeZone, string Language, long Version) : ICommand<CompanyResponse>;

internal sealed class UpdateCompanyValidator : AbstractValidator<UpdateCompanyCommand>
{
    public UpdateCompanyValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Currency).Must(Shared.Contracts.Currency.IsKnown).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code (e.g. EUR, USD).");
        RuleFor(c => c.TimeZone).IsTimeZone();
        RuleFor(c => c.Language).NotEmpty().IsLanguage();
        RuleFor(c => c.Version).GreaterThanOrEqualTo(0);
    }
}

internal sealed class UpdateCompanyHandler(AccessDbContext db, CompanyClock clock, RequestContext requestContext) : IRequestHandler<UpdateCompanyCommand, CompanyResponse>
{
    public async Task<CompanyResponse> Handle(UpdateCompanyCommand command, CancellationToken cancellationToken)
    {
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == requestContext.CompanyId, cancellationToken)
            ?? throw new NotFoundException("Company", requestContext.CompanyId);
        // The version the client read is the original value: EF's concurrency check then compares it in the UPDATE.
        db.Entry(company).Property(c => c.Version).OriginalValue = command.Version;
        company.Name = command.Name.Trim();
        company.Currency = command.Currency;
        company.TimeZone = command.TimeZone;
        company.Language = command.Language;
        db.Publish(new CompanySettingsChanged(company.Id, company.Name, company.Currency, company.TimeZone, company.Language));
        await db.SaveChangesAsync(cancellationToken);
        clock.Forget(company.Id);
        return CompanyResponse.From(company);
    }
}

internal static class UpdateCompanyEndpoint
{
    public static void MapUpdateCompany(this RouteGroupBuilder company) =>
        company.MapPut("", (UpdateCompanyRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new UpdateCompanyCommand(request.Name, request.Currency, request.TimeZone, request.Language, request.Version), cancellationToken))
            .WithName("UpdateCompany")
            .WithSummary("Changes the company's name, reporting currency, time zone or language.")
            .RequireCompanyRoles(CompanyRole.Administrator)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
