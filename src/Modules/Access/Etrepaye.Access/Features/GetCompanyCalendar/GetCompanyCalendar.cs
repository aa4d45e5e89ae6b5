using Etrepaye.Access.Contracts;
using Etrepaye.Access.Data;
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

namespace Etrepaye.Access.Features.GetCompanyCalendar;

internal sealed record GetCompanyCalendarQuery(int? Year) : IQuery<CompanyCalendarResponse>;

internal sealed class GetCompanyCalendarValidator : AbstractValidator<GetCompanyCalendarQuery>
{
    public GetCompanyCalendarValidator() =>
        RuleFor(q => q.Year).InclusiveBetween(CalendarRules.FirstYear, CalendarRules.LastYear);
}

internal sealed class GetCompanyCalendarHandler(AccessDbContext db, ICompanyClock clock, RequestContext requestContext)
    : IRequestHandler<GetCompanyCalendarQuery, CompanyCalendarResponse>
{
    public async Task<CompanyCalendarResponse> Handle(GetCompanyCalendarQuery query, CancellationToken cancellationToken)
    {
        var baseCalendar = await db.Companies.AsNoTracking().Where(c => c.Id == requestContext.CompanyId).Select(c => (BaseCalendar?)c.BaseCalendar)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Company", requestContext.CompanyId);
        var year = query.Year ?? (await clock.TodayAsync(requestContext.CompanyId, cancellationToken)).Year;
        return CompanyCalendarResponse.From(baseCalendar, await clock.CalendarAsync(requestContext.CompanyId, cancellationToken), year);
    }
}

internal static class GetCompanyCalendarEndpoint
{
    public static void MapGetCompanyCalendar(this RouteGroupBuilder company) =>
        company.MapGet("calendar", (int? year, IMediator mediator, CancellationToken cancellationToken) => mediator.Send(new GetCompanyCalendarQuery(year), cancellationToken))
            .WithName("GetCompanyCalendar")
            .WithSummary("The company's business calendar: its base calendar, its closed days, and the dates they close in a year.")
            .WithDescription("year: the year whose closed dates are listed (2000-2100; the company's current year when omitted). Every member may read it.")
            .RequireCompanyRoles(CompanyRoles.Readers)
            .ProducesValidationProblem();
}
