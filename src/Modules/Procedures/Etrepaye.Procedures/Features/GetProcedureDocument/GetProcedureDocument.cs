using System.Text;
using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Documents;
using Etrepaye.Shared.Mediation;
using Etrepaye.Workflows.Activities;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Procedures.Features.GetProcedureDocument;

internal sealed record RenderedDocument(byte[] Content, string ContentType, string FileName);

/// <param name="Version">The published version; the draft when null.</param>
internal sealed record GetProcedureDocumentQuery(Guid ProcedureId, int? Version, string Format, string Language) : IQuery<RenderedDocument>;

internal sealed class GetProcedureDocumentValidator : AbstractValidator<GetProcedureDocumentQuery>
{
    public GetProcedureDocumentValidator()
    {
        RuleFor(q => q.Format).Must(f => f is "html" or "pdf").WithMessage("format is html or pdf.");
        RuleFor(q => q.Language).Must(l => l is "fr" or "en").WithMessage("lang is fr or en.").OverridePropertyName("lang");
    }
}

internal sealed class GetProcedureDocumentHandler(ProceduresDbContext db, ActivityCatalog catalog) : IRequestHandler<GetProcedureDocumentQuery, RenderedDocument>
{
    public async Task<RenderedDocument> Handle(GetProcedureDocumentQuery query, CancellationToken cancellationToken)
    {
        var source = await ProcedureSources.LoadExactAsync(db, query.ProcedureId, query.Version, cancellationToken);
        var model = ProcedureDocument.Build(source.Definition, catalog, source.Name, source.Version, query.Language);
        var name = $"procedure-{query.ProcedureId}-{(query.Version is { } v ? $"v{v}" : "draft")}-{query.Language}";
        return query.Format == "pdf"
            ? new RenderedDocument(PdfDocumentWriter.Write(model), "application/pdf", $"{name}.pdf")
            : new RenderedDocument(Encoding.UTF8.GetBytes(HtmlDocumentWriter.Write(model)), "text/html; charset=utf-8", $"{name}.html");
    }
}

internal static class GetProcedureDocumentEndpoint
{
    private const string Summary =
        "for each step, who does what, when (relative to the due date or the previous step), through which channel, under which condition, and what follows each outcome; then the events that change the course.";

    public static void MapGetProcedureDocument(this RouteGroupBuilder procedures)
    {
        procedures.MapGet("{procedureId:guid}/versions/{number:int}/document", (
                Guid procedureId, int number, string? format, string? lang, IMediator mediator, CancellationToken cancellationToken) =>
                RenderAsync(new GetProcedureDocumentQuery(procedureId, number, format ?? "html", lang ?? "fr"), mediator, cancellationToken))
            .WithName("GetProcedureDocument")
            .WithSummary("The written procedure of a version (format=html|pdf, lang=fr|en): " + Summary)
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesValidationProblem();
        procedures.MapGet("{procedureId:guid}/draft/document", (
                Guid procedureId, string? format, string? lang, IMediator mediator, CancellationToken cancellationToken) =>
                RenderAsync(new GetProcedureDocumentQuery(procedureId, null, format ?? "html", lang ?? "fr"), mediator, cancellationToken))
            .WithName("GetDraftDocument")
            .WithSummary("The written procedure of the saved draft, before it is published (format=html|pdf, lang=fr|en): " + Summary)
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<FileContentHttpResult> RenderAsync(GetProcedureDocumentQuery query, IMediator mediator, CancellationToken cancellationToken)
    {
        var document = await mediator.Send(query, cancellationToken);
        return TypedResults.File(document.Content, document.ContentType, document.ContentType == "application/pdf" ? document.FileName : null);
    }
}
