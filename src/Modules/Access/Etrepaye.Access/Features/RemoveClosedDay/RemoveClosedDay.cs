using Etrepaye.Access.Data;
using Etrepaye.Access.Setup;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Features.RemoveClosedDay;

internal sealed record RemoveClosedDayCommand(Guid ClosedDayId) : ICommand<Unit>;

internal sealed class RemoveClosedDayHandler(AccessDbContext db) : IRequestHandler<RemoveClosedDayCommand, Unit>
{
    public async Task<Unit> Handle(RemoveClosedDayCommand command, CancellationToken cancellationToken)
    {
        var day = await db.ClosedDays.SingleOrDefaultAsync(d => d.Id == command.ClosedDayId, cancellationToken)
            ?? throw new NotFoundException("Closed day", command.ClosedDayId);
        db.ClosedDays.Remove(day);
        return Unit.Value;
    }
}

internal static class RemoveClosedDayEndpoint
{
    public static void MapRemoveClosedDay(this RouteGroupBuilder company) =>
        company.MapDelete("calendar/closed-days/{closedDayId:guid}", HandleAsync)
            .WithName("RemoveClosedDay")
            .WithSummary("Reopens the days of a closed day: business-day counts include them again from the next computation on.")
            .WithDescription("Administrators only. closedDayId: the id the calendar lists the closed day with.")
            .RequireCompanyRoles(CompanyRole.Administrator)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<NoContent> HandleAsync(Guid companyId, Guid closedDayId, IMediator mediator, CompanyClock clock, CancellationToken cancellationToken)
    {
        await mediator.Send(new RemoveClosedDayCommand(closedDayId), cancellationToken);
        // After the commit: see CalendarEndpoints.
        clock.Forget(companyId);
        return TypedResults.NoContent();
    }
}
