using Etrepaye.Access.Contracts;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Disputes.Mail;
using Etrepaye.Disputes.Support;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Security;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Etrepaye.Disputes.Features.RequestInternalAnswer;

/// <param name="Department">The department asked; the dispute's owner department when left out.</param>
/// <param name="RecipientEmail">Who receives the e-mail; the department's mailbox (Disputes:Departments) when left out.</param>
public sealed record RequestInternalAnswerRequest(string? Department, string? RecipientEmail, string? Message);

/// <param name="Link">The link the e-mail carries: it opens this dispute only, answers once, and expires.</param>
public sealed record InternalRequestCreatedResponse(InternalRequestResponse Request, string Link);

internal sealed record RequestInternalAnswerCommand(Guid DisputeId, string? Department, string? RecipientEmail, string Message, string? Actor = null)
    : ICommand<InternalRequestCreatedResponse>;

internal sealed class RequestInternalAnswerValidator : AbstractValidator<RequestInternalAnswerCommand>
{
    public RequestInternalAnswerValidator()
    {
        RuleFor(c => c.Department).MaximumLength(40);
        RuleFor(c => c.RecipientEmail).EmailAddress().MaximumLength(256).When(c => c.RecipientEmail is not null);
        RuleFor(c => c.Message).NotEmpty().MaximumLength(4000);
    }
}

internal sealed class RequestInternalAnswerHandler(
    DisputesDbContext db, IOptions<DisputesOptions> options, RequestContext requestContext, ICompanyDirectory companies, IReceivablesQueries receivables,
    TimeProvider timeProvider)
    : IRequestHandler<RequestInternalAnswerCommand, InternalRequestCreatedResponse>
{
    public async Task<InternalRequestCreatedResponse> Handle(RequestInternalAnswerCommand command, CancellationToken cancellationToken)
    {
        var dispute = await DisputeRules.LoadAsync(db, command.DisputeId, null, cancellationToken);
        DisputeRules.EnsureNotClosed(dispute, "be asked about");
        var department = string.IsNullOrWhiteSpace(command.Department) ? dispute.OwnerDepartment : command.Department.Trim();
        var recipient = command.RecipientEmail?.Trim()
            ?? options.Value.Departments.GetValueOrDefault(department)
            ?? throw new BusinessRuleException(
                "department-without-mailbox", $"The department '{department}' has no mailbox (Disputes:Departments:{department}): name the recipient.", "recipientEmail");
        var token = LinkTokens.NewToken();
        var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/dispute-link#{token}";
        var now = timeProvider.GetUtcNow();
        var request = new InternalRequest
        {
            Id = Ids.New(timeProvider),
            CompanyId = dispute.CompanyId,
            DisputeId = dispute.Id,
            Department = department,
            RecipientEmail = recipient,
            Message = command.Message.Trim(),
            TokenHash = LinkTokens.Hash(token),
            Link = link,
            CreatedAt = now,
            CreatedBy = command.Actor ?? requestContext.ActorName,
            ExpiresAt = now + options.Value.LinkLifetime,
            Status = InternalRequestStatus.Pending,
            MailStatus = "Pending",
        };
        db.InternalRequests.Add(request);
        if (dispute.Status == DisputeStatus.Open)
        {
            dispute.Status = DisputeStatus.WaitingInternally;
        }

        DisputeRules.AddNote(db, dispute, DisputeNoteKind.StatusChange, request.CreatedBy, $"Asked {department} ({recipient}): {request.Message}", timeProvider);
        db.Publish(await RenderMailAsync(request, dispute, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return new InternalRequestCreatedResponse(InternalRequestResponse.From(request), link);
    }

    private async Task<Collection.Contracts.InternalEmailRequested> RenderMailAsync(InternalRequest request, Dispute dispute, CancellationToken cancellationToken)
    {
        var company = await companies.FindAsync(dispute.CompanyId, cancellationToken);
        var customer = (await receivables.GetCustomersAsync([dispute.CustomerId], cancellationToken)).SingleOrDefault();
        var reason = await db.Reasons.AsNoTracking().Where(r => r.Code == dispute.ReasonCode).Select(r => r.Name).SingleOrDefaultAsync(cancellationToken);
        return InternalRequestMail.Render(request, dispute, customer?.Name ?? "", reason ?? dispute.ReasonCode, company?.Language ?? "fr", company?.TimeZone ?? "UTC");
    }
}

internal static class RequestInternalAnswerEndpoint
{
    public static void MapRequestInternalAnswer(this RouteGroupBuilder disputes) =>
        disputes.MapPost("{disputeId:guid}/requests", HandleAsync)
            .WithName("RequestInternalAnswer")
            .WithSummary(
                "Asks the owner department about a dispute: records the request and hands its e-mail to the mailer (mailStatus Pending until sent) with a link that lets a colleague without an " +
                "account read this dispute and answer once, until it expires or is revoked.")
            .RequireCompanyRoles(DisputesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Created<InternalRequestCreatedResponse>> HandleAsync(
        Guid companyId, Guid disputeId, RequestInternalAnswerRequest r, IMediator mediator, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(new RequestInternalAnswerCommand(disputeId, r.Department, r.RecipientEmail, r.Message ?? ""), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/disputes/{disputeId}", created);
    }
}
