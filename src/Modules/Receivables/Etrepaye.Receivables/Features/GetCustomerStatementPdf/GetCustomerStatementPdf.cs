using Etrepaye.Access.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features.GetCustomerStatement;
using Etrepaye.Receivables.Ledger;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Receivables.Features.GetCustomerStatementPdf;

/// <summary>A statement rendered as a PDF file.</summary>
internal sealed record StatementPdf(string FileName, byte[] Content);

/// <param name="Language">fr or en; defaults to the customer's language (French when it starts with "fr", else English).</param>
internal sealed record GetCustomerStatementPdfQuery(Guid CustomerId, DateOnly? AsOf, string? Language) : IQuery<StatementPdf>;

internal sealed class GetCustomerStatementPdfValidator : AbstractValidator<GetCustomerStatementPdfQuery>
{
    public GetCustomerStatementPdfValidator()
    {
        RuleFor(q => q.AsOf).NotNull().WithMessage("asOf (YYYY-MM-DD) is required.");
        RuleFor(q => q.Language).Must(l => l is null or "fr" or "en").WithMessage("language is fr or en.");
    }
}

internal sealed class GetCustomerStatementPdfHandler(ReceivablesDbContext db, LedgerReader ledger, ICompanyClock clock)
    : IRequestHandler<GetCustomerStatementPdfQuery, StatementPdf>
{
    public async Task<StatementPdf> Handle(GetCustomerStatementPdfQuery query, CancellationToken cancellationToken)
    {
        var statement = await GetCustomerStatementHandler.LoadAsync(db, ledger, query.CustomerId, query.AsOf!.Value, cancellationToken);
        return Render(statement, query.Language, await clock.TodayAsync(db.CurrentCompanyId, cancellationToken));
    }

    /// <param name="language">fr or en; null for the customer's language.</param>
    internal static StatementPdf Render(CustomerStatementResponse statement, string? language, DateOnly printedOn)
    {
        var french = (language ?? statement.Language ?? "en").StartsWith("fr", StringComparison.OrdinalIgnoreCase);
        var content = StatementPdfRenderer.Render(statement, french ? StatementTexts.French : StatementTexts.English, printedOn);
        var fileName = $"{(french ? "releve" : "statement")}-{SafeFileName(statement.Reference)}-{statement.AsOf:yyyy-MM-dd}.pdf";
        return new StatementPdf(fileName, content);
    }

    private static string SafeFileName(string reference) =>
        new([.. reference.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
}

internal static class GetCustomerStatementPdfEndpoint
{
    public static void MapGetCustomerStatementPdf(this RouteGroupBuilder receivables) =>
        receivables.MapGet("customers/{customerId:guid}/statement.pdf",
                async (Guid customerId, DateOnly? asOf, string? language, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var pdf = await mediator.Send(new GetCustomerStatementPdfQuery(customerId, asOf, language), cancellationToken);
                    return TypedResults.File(pdf.Content, "application/pdf", pdf.FileName);
                })
            .WithName("GetCustomerStatementPdf")
            .WithSummary("A customer's statement as of a date as a PDF (French or English, by default the customer's language), to attach to a reminder.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesValidationProblem();
}
