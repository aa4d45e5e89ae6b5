using Etrepaye.Access.Features.GetCompanyCalendar;
using Etrepaye.Access.Setup;
using MediatR;

namespace Etrepaye.Access.Features;

internal static class CalendarEndpoints
{
    /// <summary>
    /// The clock forgets the company's calendar once the change is committed (a forget inside the transaction could let a
    /// concurrent reader cache the old calendar again), then the calendar is read back as it now is.
    /// </summary>
    public static async Task<CompanyCalendarResponse> AfterChangeAsync(IMediator mediator, CompanyClock clock, Guid companyId, CancellationToken cancellationToken)
    {
        clock.Forget(companyId);
        return await mediator.Send(new GetCompanyCalendarQuery(null), cancellationToken);
    }
}
