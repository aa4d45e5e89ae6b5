using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Disputes.Support;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.ReadDisputeByLink;

/// <summary>What a colleague without an account sees through a link: the one dispute, the question, and no more.</summary>
/// <param name="Comments">The dispute's comments that mention the link's recipient, oldest first.</param>
public sealed record LinkedDisputeResponse(
    string Reference, string CustomerName, string Reason, string Description, string Currency, decimal Amount, string Status, DateOnly OpenedOn, DateOnly DueDate,
    IReadOnlyList<DisputeLineResponse> Invoices, IReadOnlyList<string> DocumentNames, IReadOnlyList<LinkedCommentResponse> Comments, string Department, string Question,
    string AskedBy, DateTimeOffset ExpiresAt);

public sealed record LinkedCommentResponse(DateTimeOffset At, string Author, string Text);

internal sealed record ReadDisputeByLinkQuery(string? Token) : IQuery<LinkedDisputeResponse>;

internal sealed class ReadDisputeByLinkHandler(DisputeLinks links, DisputesDbContext db, IReceivablesQueries receivables)
    : IRequestHandler<ReadDisputeByLinkQuery, LinkedDisputeResponse>
{
    public async Task<LinkedDisputeResponse> Handle(ReadDisputeByLinkQuery query, CancellationToken cancellationToken)
    {
        var (request, dispute) = await links.OpenAsync(query.Token, cancellationToken);
        var lines = await db.Lines.AsNoTracking().Where(l => l.DisputeId == dispute.Id).ToListAsync(cancellationToken);
        var documents = await db.Documents.AsNoTracking().Where(d => d.DisputeId == dispute.Id).OrderBy(d => d.UploadedAt).Select(d => d.FileName).ToListAsync(cancellationToken);
        var comments = await db.Notes.AsNoTracking().Where(n => n.DisputeId == dispute.Id && n.Kind == DisputeNoteKind.Comment).OrderBy(n => n.At).ToListAsync(cancellationToken);
        var customer = (await receivables.GetCustomersAsync([dispute.CustomerId], cancellationToken)).SingleOrDefault();
        var response = DisputeResponse.From(dispute, lines);
        return new LinkedDisputeResponse(
            dispute.Reference, customer?.Name ?? "", dispute.ReasonCode, dispute.Description, dispute.Currency, dispute.Amount, dispute.Status.ToString(), dispute.OpenedOn,
            dispute.DueDate, response.Lines, documents,
            [.. comments.Where(n => n.Mentions.Contains(request.RecipientEmail, StringComparer.OrdinalIgnoreCase)).Select(n => new LinkedCommentResponse(n.At, n.Author, n.Text))],
            request.Department, request.Message, request.CreatedBy, request.ExpiresAt);
    }
}

internal static class ReadDisputeByLinkEndpoint
{
    public static void MapReadDisputeByLink(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/dispute-links/dispute", ([FromHeader(Name = DisputeLinks.TokenHeader)] string? token, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ReadDisputeByLinkQuery(token), cancellationToken))
            .WithTags("Disputes")
            .WithName("ReadDisputeByLink")
            .WithSummary(
                "For a colleague without an account: the dispute an internal request is about, with its question. The link's token goes in the X-Link-Token " +
                "header (the e-mailed link carries it after '#', so it never reaches a server log). Refused once the link is answered, revoked or expired.")
            .AllowAnonymous()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
