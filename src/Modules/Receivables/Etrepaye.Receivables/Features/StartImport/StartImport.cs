using System.Text.Json;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Receivables.Features.GetImport;
using Etrepaye.Receivables.Importing;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.StartImport;

/// <summary>
/// Imports a ledger file already copied to local disk. Not an ICommand: the import commits its own progress and runs its
/// application in one transaction of its own (see <see cref="ImportRunner"/>).
/// </summary>
/// <param name="Mode">full or delta (default delta).</param>
/// <param name="Policy">rejectFile (default) or skipBadRows.</param>
internal sealed record StartImportCommand(
    string FileName, string FilePath, Guid? MappingId, string? MappingName, ImportMappingDefinition? Mapping, string? Mode, string? Policy, DateOnly? ImportDate)
    : IRequest<ImportResponse>;

internal sealed class StartImportValidator : AbstractValidator<StartImportCommand>
{
    public StartImportValidator()
    {
        RuleFor(c => c.Mode).Must(m => m is null || Enum.TryParse<ImportMode>(m, true, out _)).WithMessage("mode is full or delta.");
        RuleFor(c => c.Policy).Must(p => p is null || Enum.TryParse<ImportErrorPolicy>(p, true, out _)).WithMessage("policy is rejectFile or skipBadRows.");
        RuleFor(c => c.Mapping).Must((c, m) => (m is null ? 0 : 1) + (c.MappingId is null ? 0 : 1) + (c.MappingName is null ? 0 : 1) == 1)
            .WithMessage("Give exactly one of mappingId, mappingName or an inline mapping.");
        RuleFor(c => c.Mapping!).SetValidator(new ImportMappingDefinitionValidator()).When(c => c.Mapping is not null);
    }
}

internal sealed class StartImportHandler(ReceivablesDbContext db, ImportRunner runner) : IRequestHandler<StartImportCommand, ImportResponse>
{
    public async Task<ImportResponse> Handle(StartImportCommand command, CancellationToken cancellationToken)
    {
        var mappingId = command.MappingId;
        var mapping = command.Mapping;
        if (mapping is null)
        {
            var saved = await db.ImportMappings.AsNoTracking()
                .SingleOrDefaultAsync(m => command.MappingId != null ? m.Id == command.MappingId : m.Name == command.MappingName, cancellationToken)
                ?? throw new BusinessRuleException("import-mapping-unknown", $"No import mapping '{command.MappingId?.ToString() ?? command.MappingName}' in this company.", "mappingId");
            mappingId = saved.Id;
            mapping = JsonSerializer.Deserialize<ImportMappingDefinition>(saved.Definition, ImportRunner.MappingJson)!;
        }

        var importId = await runner.RunAsync(
            new ImportRequest(
                command.FileName, command.FilePath, mappingId, mapping,
                command.Mode is null ? ImportMode.Delta : Enum.Parse<ImportMode>(command.Mode, true),
                command.Policy is null ? ImportErrorPolicy.RejectFile : Enum.Parse<ImportErrorPolicy>(command.Policy, true),
                command.ImportDate),
            cancellationToken);
        return await GetImportHandler.LoadAsync(db, importId, new PageQuery(1, PageQuery.DefaultPageSize), cancellationToken);
    }
}

internal static class StartImportEndpoint
{
    private const long MaxUploadBytes = 4L * 1024 * 1024 * 1024;

    public static void MapStartImport(this RouteGroupBuilder receivables) =>
        receivables.MapPost("imports", HandleAsync)
            .WithName("StartImport")
            .WithSummary(
                "Imports a ledger CSV (multipart: file, and mappingId or mappingName or mapping as JSON, mode full|delta, policy rejectFile|skipBadRows, " +
                "optional importDate). The import runs within the request; 202 gives the import's outcome and its location.")
            .RequireCompanyRoles(ReceivablesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Accepted<ImportResponse>> HandleAsync(Guid companyId, HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            throw new ValidationException([new ValidationFailure("file", "Send multipart/form-data with the file in a 'file' part.")]);
        }

        // Ledger files are large: lift the default body (30 MB) and multipart (128 MB) limits for this endpoint only.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = MaxUploadBytes;
        }

        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = MaxUploadBytes }));
        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file") ?? throw new ValidationException([new ValidationFailure("file", "The 'file' part is missing.")]);
        ImportMappingDefinition? mapping = null;
        if (form.TryGetValue("mapping", out var json) && !string.IsNullOrWhiteSpace(json))
        {
            try
            {
                mapping = JsonSerializer.Deserialize<ImportMappingDefinition>(json.ToString(), ImportRunner.MappingJson);
            }
            catch (JsonException exception)
            {
                throw new ValidationException([new ValidationFailure("mapping", $"The mapping is not valid JSON: {exception.Message}")]);
            }
        }

        Guid? mappingId = null;
        if (form.TryGetValue("mappingId", out var idText) && !string.IsNullOrWhiteSpace(idText))
        {
            mappingId = Guid.TryParse(idText, out var id) ? id : throw new ValidationException([new ValidationFailure("mappingId", "mappingId is a GUID.")]);
        }

        DateOnly? importDate = null;
        if (form.TryGetValue("importDate", out var dateText) && !string.IsNullOrWhiteSpace(dateText))
        {
            importDate = DateOnly.TryParseExact(dateText, "yyyy-MM-dd", out var date)
                ? date
                : throw new ValidationException([new ValidationFailure("importDate", "importDate is YYYY-MM-DD.")]);
        }

        var path = Path.Combine(Path.GetTempPath(), $"etrepaye-import-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var target = File.Create(path))
            {
                await file.CopyToAsync(target, cancellationToken);
            }

            string? Text(string key) => form.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;
            var result = await mediator.Send(
                new StartImportCommand(file.FileName, path, mappingId, Text("mappingName"), mapping, Text("mode"), Text("policy"), importDate), cancellationToken);
            return TypedResults.Accepted($"/api/companies/{companyId}/receivables/imports/{result.Id}", result);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
