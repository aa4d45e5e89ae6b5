using Etrepaye.Access.Data;
using Etrepaye.Access.Domain;
using Etrepaye.Access.Setup;
using Etrepaye.Shared;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Features.AddClosedDay;

/// <summary>A dated closure (from, optionally to) or a yearly one (month and day), never both.</summary>
/// <param name="Label">What the closure is, e.g. "Annual closure" or "Saint Étienne" (1-100 characters).</param>
/// <param name="From">First closed date of a dated closure (2000-2100).</param>
/// <param name="To">Last closed date, inclusive, of a run of days (at most 366 days); one day when omitted.</param>
/// <param name="Month">Month (1-12) of a day closed every year.</param>
/// <param name="Day">Day of the month of a day closed every year; 29 February closes leap years only.</param>
public sealed record AddClosedDayRequest(string? Label, DateOnly? From, DateOnly? To, int? Month, int? Day);

internal sealed record AddClosedDayCommand(string Label, DateOnly? From, DateOnly? To, int? Month, int? Day) : ICommand<ClosedDayResponse>;

internal sealed class AddClosedDayValidator : AbstractValidator<AddClosedDayCommand>
{
    public AddClosedDayValidator()
    {
        RuleFor(c => c.Label).Must(label => !string.IsNullOrWhiteSpace(label)).WithMessage("The label is required.").MaximumLength(100);
        RuleFor(c => c.From).NotNull().When(c => c.Month is null && c.Day is null)
            .WithMessage("Give a date (from, and to for a run of days) or a day closed every year (month and day).");
        RuleFor(c => c.From).Null().When(c => c.Month is not null || c.Day is not null)
            .WithMessage("A closed day is either dated (from, to) or yearly (month, day), not both.");
        RuleFor(c => c.From).Must(CalendarRules.InRange)
            .WithMessage($"The date must be between {CalendarRules.FirstYear} and {CalendarRules.LastYear}.");
        RuleFor(c => c.To).Must(CalendarRules.InRange)
            .WithMessage($"The date must be between {CalendarRules.FirstYear} and {CalendarRules.LastYear}.");
        RuleFor(c => c.To).Null().When(c => c.From is null).WithMessage("'to' ends a dated closure: give 'from' too.");
        RuleFor(c => c.To).GreaterThanOrEqualTo(c => c.From).When(c => c.From is not null && c.To is not null)
            .WithMessage("The last day must not be before the first.");
        RuleFor(c => c.To).Must((c, to) => to!.Value.DayNumber - c.From!.Value.DayNumber < CalendarRules.LongestRunDays)
            .When(c => c.From is not null && c.To is not null && c.To >= c.From)
            .WithMessage($"A run of closed days lasts at most {CalendarRules.LongestRunDays} days.");
        RuleFor(c => c.Month).NotNull().When(c => c.Day is not null).WithMessage("A yearly closed day needs its month.");
        RuleFor(c => c.Month).InclusiveBetween(1, 12);
        RuleFor(c => c.Day).NotNull().When(c => c.Month is not null).WithMessage("A yearly closed day needs its day of the month.");
        // A leap year: 29 February is a valid yearly closure (closed in leap years only).
        RuleFor(c => c.Day).Must((c, day) => day >= 1 && day <= DateTime.DaysInMonth(2024, c.Month!.Value))
            .When(c => c.Day is not null && c.Month is >= 1 and <= 12)
            .WithMessage("The month has no such day.");
    }
}

internal sealed class AddClosedDayHandler(AccessDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<AddClosedDayCommand, ClosedDayResponse>
{
    public async Task<ClosedDayResponse> Handle(AddClosedDayCommand command, CancellationToken cancellationToken)
    {
        if (command.From is { } from)
        {
            var to = command.To ?? from;
            var overlapping = await db.ClosedDays.AsNoTracking()
                .Where(d => d.FromDate != null && d.FromDate <= to && d.ToDate >= from)
                .Select(d => d.Label)
                .FirstOrDefaultAsync(cancellationToken);
            if (overlapping is not null)
            {
                throw new ValidationException([new ValidationFailure(nameof(command.From), $"These dates are already closed by '{overlapping}'.")]);
            }
        }
        else if (await db.ClosedDays.AsNoTracking().Where(d => d.Month == command.Month && d.Day == command.Day).Select(d => d.Label).FirstOrDefaultAsync(cancellationToken)
            is { } sameDay)
        {
            throw new ValidationException([new ValidationFailure(nameof(command.Day), $"This day is already closed every year by '{sameDay}'.")]);
        }

        var day = new ClosedDay
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            Label = command.Label.Trim(),
            FromDate = command.From,
            ToDate = command.From is null ? null : command.To ?? command.From,
            Month = command.Month,
            Day = command.Day,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        db.ClosedDays.Add(day);
        return ClosedDayResponse.Of(CompanyClock.ToContract(day));
    }
}

internal static class AddClosedDayEndpoint
{
    public static void MapAddClosedDay(this RouteGroupBuilder company) =>
        company.MapPost("calendar/closed-days", HandleAsync)
            .WithName("AddClosedDay")
            .WithSummary("Closes a date, a run of dates (an annual closure) or a day-month every year (e.g. 26 December in Alsace-Moselle).")
            .WithDescription("Administrators only. Business-day counts (procedure waits, dispute deadlines) skip the closed days from the next computation on.")
            .RequireCompanyRoles(CompanyRole.Administrator)
            .ProducesValidationProblem();

    private static async Task<Created<ClosedDayResponse>> HandleAsync(
        Guid companyId, AddClosedDayRequest request, IMediator mediator, CompanyClock clock, CancellationToken cancellationToken)
    {
        var day = await mediator.Send(new AddClosedDayCommand(request.Label ?? "", request.From, request.To, request.Month, request.Day), cancellationToken);
        // After the commit: see CalendarEndpoints.
        clock.Forget(companyId);
        return TypedResults.Created($"/api/companies/{companyId}/calendar/closed-days/{day.Id}", day);
    }
}
