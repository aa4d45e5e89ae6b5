using Etrepaye.Access.Data;
using Etrepaye.Access.Contracts;
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

namespace Etrepaye.Access.Features.SetBaseCalendar;

/// <param name="BaseCalendar">
/// PublicHolidays (weekends and the public holidays of the company's country; France's are the only ones shipped, so any
/// other country counts weekends only) or WeekdaysOnly (weekends only, e.g. a company that works on public holidays).
/// </param>
public sealed record SetBaseCalendarRequest(BaseCalendar? BaseCalendar);

internal sealed record SetBaseCalendarCommand(BaseCalendar? BaseCalendar) : ICommand<Unit>;

internal sealed class SetBaseCalendarValidator : AbstractValidator<SetBaseCalendarCommand>
{
    public SetBaseCalendarValidator() =>
        RuleFor(c => c.BaseCalendar).NotNull().IsInEnum();
}

internal sealed class SetBaseCalendarHandler(AccessDbContext db, RequestContext requestContext) : IRequestHandler<SetBaseCalendarCommand, Unit>
{
    public async Task<Unit> Handle(SetBaseCalendarCommand command, CancellationToken cancellationToken)
    {
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == requestContext.CompanyId, cancellationToken)
            ?? throw new NotFoundException("Company", requestContext.CompanyId);
        company.BaseCalendar = command.BaseCalendar!.Value;
        return Unit.Value;
    }
}

internal static class SetBaseCalendarEndpoint
{
    public static void MapSetBaseCalendar(this RouteGroupBuilder company) =>
        company.MapPut("calendar", HandleAsync)
            .WithName("SetBaseCalendar")
            .WithSummary("Chooses the base calendar business days start from: the country's public holidays, or weekdays only.")
            .WithDescription("Administrators only. Business-day counts (procedure waits, dispute deadlines) use the new base at once.")
            .RequireCompanyRoles(CompanyRole.Administrator)
            .ProducesValidationProblem();

    private static async Task<CompanyCalendarResponse> HandleAsync(
        SetBaseCalendarRequest request, IMediator mediator, CompanyClock clock, RequestContext requestContext, CancellationToken cancellationToken)
    {
        await mediator.Send(new SetBaseCalendarCommand(request.BaseCalendar), cancellationToken);
        return await CalendarEndpoints.AfterChangeAsync(mediator, clock, requestContext.CompanyId, cancellationToken);
    }
}
