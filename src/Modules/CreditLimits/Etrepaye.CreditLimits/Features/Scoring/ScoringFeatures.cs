using System.Globalization;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Scoring;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Shared.Validation;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Features.Scoring;

/// <param name="PaymentIncidents">Incidents reported for the period (credit bureau, own records).</param>
public sealed record RecordFinancialStatementRequest(
    Guid CustomerId, DateOnly PeriodEnd, string Currency, decimal Equity, decimal Turnover, decimal NetResult, int PaymentIncidents);

public sealed record FinancialStatementResponse(
    Guid Id, Guid CustomerId, DateOnly PeriodEnd, string Currency, decimal Equity, decimal Turnover, decimal NetResult, int PaymentIncidents, string Source,
    DateTimeOffset RecordedAt, string RecordedBy)
{
    internal static FinancialStatementResponse From(FinancialStatement s) =>
        new(s.Id, s.CustomerId, s.PeriodEnd, s.Currency, s.Equity, s.Turnover, s.NetResult, s.PaymentIncidents, s.Source, s.RecordedAt, s.RecordedBy);
}

public sealed record ImportFinancialStatementsResponse(int Rows, IReadOnlyList<FinancialStatementResponse> Statements);

internal sealed record RecordFinancialStatementsCommand(IReadOnlyList<RecordFinancialStatementRequest> Statements, string Source)
    : ICommand<IReadOnlyList<FinancialStatementResponse>>;

internal sealed class RecordFinancialStatementsValidator : AbstractValidator<RecordFinancialStatementsCommand>
{
    public RecordFinancialStatementsValidator()
    {
        RuleFor(c => c.Statements).NotEmpty().Must(s => s.Count <= 10_000).WithMessage("At most 10,000 statements at once.").OverridePropertyName("statements");
        RuleForEach(c => c.Statements).ChildRules(statement =>
        {
            statement.RuleFor(s => s.CustomerId).NotEmpty();
            statement.RuleFor(s => s.PeriodEnd).NotEqual(default(DateOnly));
            statement.RuleFor(s => s.Currency).IsCurrencyCode();
            statement.RuleFor(s => s.Turnover).GreaterThanOrEqualTo(0m);
            statement.RuleFor(s => s.PaymentIncidents).GreaterThanOrEqualTo(0);
        });
    }
}

/// <summary>Records statements; a second one for the same customer and period end replaces the first.</summary>
internal sealed class RecordFinancialStatementsHandler(
    CreditLimitsDbContext db, IReceivablesQueries receivables, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<RecordFinancialStatementsCommand, IReadOnlyList<FinancialStatementResponse>>
{
    public async Task<IReadOnlyList<FinancialStatementResponse>> Handle(RecordFinancialStatementsCommand command, CancellationToken cancellationToken)
    {
        var customerIds = command.Statements.Select(s => s.CustomerId).Distinct().ToList();
        var known = (await receivables.GetCustomersAsync(customerIds, cancellationToken)).Select(c => c.Id).ToHashSet();
        if (customerIds.FirstOrDefault(id => !known.Contains(id)) is var unknown && unknown != Guid.Empty)
        {
            throw new BusinessRuleException("customer-unknown", $"The customer {unknown} does not exist in this company.", "customerId");
        }

        var existing = await db.FinancialStatements.Where(s => customerIds.Contains(s.CustomerId)).ToListAsync(cancellationToken);
        var saved = new List<FinancialStatement>();
        foreach (var request in command.Statements)
        {
            var statement = existing.SingleOrDefault(s => s.CustomerId == request.CustomerId && s.PeriodEnd == request.PeriodEnd);
            if (statement is null)
            {
                statement = new FinancialStatement
                {
                    Id = Ids.New(timeProvider), CompanyId = requestContext.CompanyId, CustomerId = request.CustomerId, PeriodEnd = request.PeriodEnd,
                    Currency = request.Currency, Source = command.Source, RecordedBy = requestContext.ActorName,
                };
                db.FinancialStatements.Add(statement);
                existing.Add(statement);
            }

            statement.Currency = request.Currency;
            statement.Equity = request.Equity;
            statement.Turnover = request.Turnover;
            statement.NetResult = request.NetResult;
            statement.PaymentIncidents = request.PaymentIncidents;
            statement.Source = command.Source;
            statement.RecordedAt = timeProvider.GetUtcNow();
            statement.RecordedBy = requestContext.ActorName;
            saved.Add(statement);
        }

        return [.. saved.Select(FinancialStatementResponse.From)];
    }
}

/// <summary>customerId, periodEnd (yyyy-MM-dd), currency, equity, turnover, netResult, paymentIncidents; comma or semicolon separated.</summary>
internal static class FinancialStatementsCsv
{
    private static readonly string[] _columns = ["customerId", "periodEnd", "currency", "equity", "turnover", "netResult", "paymentIncidents"];

    public static List<RecordFinancialStatementRequest> Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select((l, i) => (Text: l.Trim(), Number: i + 1)).Where(l => l.Text.Length > 0).ToList();
        if (lines.Count == 0)
        {
            throw Invalid("file", "The file is empty.");
        }

        var separator = lines[0].Text.Contains(';') ? ';' : ',';
        var header = lines[0].Text.TrimStart('\uFEFF').Split(separator).Select(h => h.Trim()).ToList();
        var index = _columns.ToDictionary(c => c, c => header.FindIndex(h => h.Equals(c, StringComparison.OrdinalIgnoreCase)));
        if (index.FirstOrDefault(i => i.Value < 0) is { Key: not null } missing)
        {
            throw Invalid("file", $"The header has no column '{missing.Key}'.");
        }

        var result = new List<RecordFinancialStatementRequest>();
        foreach (var (line, number) in lines.Skip(1))
        {
            var cells = line.Split(separator).Select(c => c.Trim().Trim('"')).ToArray();
            string Cell(string name) => index[name] < cells.Length ? cells[index[name]] : throw Invalid($"line {number}", $"Line {number} has no value for '{name}'.");
            decimal Number(string name) => decimal.TryParse(Cell(name), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
                ? value : throw Invalid($"line {number}", $"Line {number}, column {name}: not a number.");
            if (!Guid.TryParse(Cell("customerId"), out var customerId))
            {
                throw Invalid($"line {number}", $"Line {number}, column customerId: not a customer id.");
            }

            if (!DateOnly.TryParseExact(Cell("periodEnd"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var periodEnd))
            {
                throw Invalid($"line {number}", $"Line {number}, column periodEnd: not a yyyy-MM-dd date.");
            }

            if (!int.TryParse(Cell("paymentIncidents"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var incidents))
            {
                throw Invalid($"line {number}", $"Line {number}, column paymentIncidents: not a whole number.");
            }

            result.Add(new RecordFinancialStatementRequest(
                customerId, periodEnd, Cell("currency").ToUpperInvariant(), Number("equity"), Number("turnover"), Number("netResult"), incidents));
        }

        return result;
    }

    private static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);
}

internal sealed record GetScoreQuery(Guid CustomerId) : IQuery<ScoreResponse>;

internal sealed class GetScoreHandler(ScoreCalculator calculator, IReceivablesQueries receivables) : IRequestHandler<GetScoreQuery, ScoreResponse>
{
    public async Task<ScoreResponse> Handle(GetScoreQuery query, CancellationToken cancellationToken) =>
        (await receivables.GetCustomersAsync([query.CustomerId], cancellationToken)).Count == 0
            ? throw new NotFoundException("Customer", query.CustomerId)
            : await calculator.ComputeAsync(query.CustomerId, cancellationToken);
}

internal static class ScoringEndpoints
{
    public static void MapScoring(this RouteGroupBuilder credit)
    {
        credit.MapPost("financial-statements", async (RecordFinancialStatementRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new RecordFinancialStatementsCommand([request], "Manual"), cancellationToken))[0])
            .WithName("RecordFinancialStatement")
            .WithSummary("Records a customer's financial statement for a period (equity, turnover, net result, payment incidents): inputs of the score.")
            .RequireCompanyRoles(CreditLimitsModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        credit.MapPost("financial-statements/import", async (HttpRequest http, IMediator mediator, CancellationToken cancellationToken) =>
            {
                using var reader = new StreamReader(http.Body);
                var rows = FinancialStatementsCsv.Parse(await reader.ReadToEndAsync(cancellationToken));
                return new ImportFinancialStatementsResponse(rows.Count, await mediator.Send(new RecordFinancialStatementsCommand(rows, "Import"), cancellationToken));
            })
            .WithName("ImportFinancialStatements")
            .WithSummary("Imports statements from a CSV body: customerId, periodEnd, currency, equity, turnover, netResult, paymentIncidents.")
            .RequireCompanyRoles(CreditLimitsModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        credit.MapGet("customers/{customerId:guid}/score", (Guid customerId, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetScoreQuery(customerId), cancellationToken))
            .WithName("GetCustomerScore")
            .WithSummary("The customer's internal score now, with each input's value, sub-score, weight and contribution, and the formula.")
            .RequireCompanyRoles(CompanyRoles.Readers);
    }
}
