using Etrepaye.Collection.Data;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.CaseLinks;

/// <summary>What a colleague without an account sees through an escalation's link: the one case, the question, and no more.</summary>
/// <param name="Items">The overdue items the case collects, oldest first.</param>
/// <param name="RecentActions">The last 20 things done on the case (messages, promises, actions, answers), newest first.</param>
public sealed record LinkedCaseResponse(
    string CustomerName, string CustomerReference, string Status, DateOnly OpenedOn, string Currency, decimal OverdueAmount, int OverdueItemCount,
    IReadOnlyList<LinkedCaseItemResponse> Items, IReadOnlyList<LinkedCaseEventResponse> RecentActions, string Question, string RecipientEmail,
    DateTimeOffset ExpiresAt);

public sealed record LinkedCaseItemResponse(string Reference, DateOnly IssueDate, DateOnly? DueDate, int DaysPastDue, string Currency, decimal OpenAmount, decimal CollectibleAmount);

public sealed record LinkedCaseEventResponse(DateOnly On, string Kind, string Text);

internal sealed record ReadCaseByLinkQuery(string? Token) : IQuery<LinkedCaseResponse>;

internal sealed class ReadCaseByLinkHandler(CaseLinkOpener links, CollectionDbContext db) : IRequestHandler<ReadCaseByLinkQuery, LinkedCaseResponse>
{
    private const int RecentCount = 20;

    public async Task<LinkedCaseResponse> Handle(ReadCaseByLinkQuery query, CancellationToken cancellationToken)
    {
        var (link, c) = await links.OpenAsync(query.Token, cancellationToken);
        var items = await db.CaseItems.AsNoTracking().Where(i => i.CaseId == c.Id && i.Overdue).OrderBy(i => i.DueDate).ThenBy(i => i.Reference).ToListAsync(cancellationToken);
        var messages = await db.Messages.AsNoTracking().Where(m => m.CaseId == c.Id).OrderByDescending(m => m.CreatedAt).Take(RecentCount).ToListAsync(cancellationToken);
        var actions = await db.CaseActions.AsNoTracking().Where(a => a.CaseId == c.Id).OrderByDescending(a => a.At).Take(RecentCount).ToListAsync(cancellationToken);
        var promises = await db.Promises.AsNoTracking().Where(p => p.CaseId == c.Id).OrderByDescending(p => p.RecordedOn).Take(RecentCount).ToListAsync(cancellationToken);
        var recent = messages.Select(m => (At: m.CreatedAt, Event: new LinkedCaseEventResponse(
                DateOnly.FromDateTime(m.CreatedAt.UtcDateTime), m.Kind == "reminder" ? "Reminder" : m.Kind, $"{m.Subject} ({m.Channel}, {m.Status})")))
            .Concat(actions.Select(a => (At: a.At, Event: new LinkedCaseEventResponse(a.On, a.Kind, a.Detail))))
            .Concat(promises.Select(p => (At: new DateTimeOffset(p.RecordedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), Event: new LinkedCaseEventResponse(
                p.RecordedOn, "Promise", $"{p.Amount:0.00} {p.Currency} promised by {p.PromisedDate:yyyy-MM-dd} ({p.Status})"))))
            .OrderByDescending(e => e.At)
            .Take(RecentCount)
            .Select(e => e.Event)
            .ToList();
        return new LinkedCaseResponse(
            c.CustomerName, c.CustomerReference, c.Status.ToString(), c.OpenedOn, c.Currency, c.OverdueAmount, c.OverdueItemCount,
            [.. items.Select(i => new LinkedCaseItemResponse(i.Reference, i.IssueDate, i.DueDate, i.DaysPastDue, i.Currency, i.OpenAmount, i.CollectibleAmount))],
            recent, link.Question, link.RecipientEmail, link.ExpiresAt);
    }
}

internal static class ReadCaseByLinkEndpoint
{
    public static void MapReadCaseByLink(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/case-links/case", ([FromHeader(Name = CaseLinkOpener.TokenHeader)] string? token, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ReadCaseByLinkQuery(token), cancellationToken))
            .WithTags("Collection")
            .WithName("ReadCaseByLink")
            .WithSummary(
                "For a colleague without an account: the collection case an escalation e-mail is about (customer, overdue items, recent actions) and its question. " +
                "The link's token goes in the X-Link-Token header (the e-mailed link carries it after '#'). Refused once the link is answered, revoked or expired.")
            .AllowAnonymous()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
