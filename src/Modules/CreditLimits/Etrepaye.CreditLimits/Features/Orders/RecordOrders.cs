using System.Globalization;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Exposure;
using Etrepaye.Shared;
using Etrepaye.Shared.Contracts;
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

namespace Etrepaye.CreditLimits.Features.Orders;

/// <param name="Kind">Order (default) or DraftInvoice.</param>
/// <param name="Status">Open (default) or Closed (invoiced, delivered or cancelled: it leaves exposure).</param>
public sealed record RecordOrderRequest(Guid CustomerId, string Reference, string? Kind, decimal Amount, string Currency, DateOnly OrderDate, string? Status);

public sealed record OrderResponse(Guid Id, Guid CustomerId, string Reference, string Kind, decimal Amount, string Currency, DateOnly OrderDate, string Status, DateTimeOffset UpdatedAt)
{
    internal static OrderResponse From(OpenOrder o) => new(o.Id, o.CustomerId, o.Reference, o.Kind.ToString(), o.Amount, o.Currency, o.OrderDate, o.Status.ToString(), o.UpdatedAt);
}

/// <param name="Rows">Data rows read (the header excluded).</param>
public sealed record ImportOrdersResponse(int Rows, int Created, int Updated, IReadOnlyList<Guid> Customers);

internal sealed record RecordOrdersCommand(IReadOnlyList<RecordOrderRequest> Orders) : ICommand<RecordOrdersResult>;

internal sealed record RecordOrdersResult(IReadOnlyList<OrderResponse> Orders, int Created, int Updated);

internal sealed class RecordOrdersValidator : AbstractValidator<RecordOrdersCommand>
{
    public RecordOrdersValidator()
    {
        RuleFor(c => c.Orders).NotEmpty().Must(o => o.Count <= 50_000).WithMessage("At most 50,000 orders at once.").OverridePropertyName("orders");
        RuleForEach(c => c.Orders).ChildRules(order =>
        {
            order.RuleFor(o => o.CustomerId).NotEmpty();
            order.RuleFor(o => o.Reference).NotEmpty().MaximumLength(100);
            order.RuleFor(o => o.Amount).GreaterThan(0m);
            order.RuleFor(o => o.Currency).IsCurrencyCode();
            order.RuleFor(o => o.OrderDate).NotEqual(default(DateOnly));
            order.RuleFor(o => o.Kind).Must(k => k is null || Enum.TryParse<OrderKind>(k, out _)).WithMessage("The kind is Order or DraftInvoice.");
            order.RuleFor(o => o.Status).Must(s => s is null || Enum.TryParse<OrderStatus>(s, out _)).WithMessage("The status is Open or Closed.");
        });
        RuleFor(c => c.Orders).Must(o => o.Select(x => x.Reference?.Trim()).Distinct().Count() == o.Count)
            .When(c => c.Orders is not null).WithMessage("Each reference appears once.").OverridePropertyName("orders");
    }
}

/// <summary>Creates or updates orders by reference and brings their customers' exposure rows up to date.</summary>
internal sealed class RecordOrdersHandler(CreditLimitsDbContext db, ExposureProjector projector, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<RecordOrdersCommand, RecordOrdersResult>
{
    public async Task<RecordOrdersResult> Handle(RecordOrdersCommand command, CancellationToken cancellationToken)
    {
        var customerIds = command.Orders.Select(o => o.CustomerId).Distinct().ToList();
        var accounts = await db.Accounts.Where(a => customerIds.Contains(a.CustomerId)).ToDictionaryAsync(a => a.CustomerId, cancellationToken);
        foreach (var id in customerIds.Where(id => !accounts.ContainsKey(id)))
        {
            accounts[id] = await projector.RefreshAsync(id, cancellationToken)
                ?? throw new BusinessRuleException("customer-unknown", $"The customer {id} does not exist in this company.", "customerId");
        }

        var references = command.Orders.Select(o => o.Reference.Trim()).ToList();
        var existing = await db.Orders.Where(o => references.Contains(o.Reference)).ToDictionaryAsync(o => o.Reference, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var touched = new HashSet<Guid>();
        var saved = new List<OpenOrder>();
        var created = 0;
        foreach (var request in command.Orders)
        {
            var reference = request.Reference.Trim();
            if (!existing.TryGetValue(reference, out var order))
            {
                order = new OpenOrder { Id = Ids.New(timeProvider), CompanyId = requestContext.CompanyId, Reference = reference, Currency = request.Currency, UpdatedBy = requestContext.ActorName };
                db.Orders.Add(order);
                created++;
            }
            else
            {
                touched.Add(order.CustomerId);
            }

            order.CustomerId = request.CustomerId;
            order.Kind = request.Kind is null ? OrderKind.Order : Enum.Parse<OrderKind>(request.Kind);
            order.Amount = request.Amount;
            order.Currency = request.Currency;
            order.OrderDate = request.OrderDate;
            order.Status = request.Status is null ? OrderStatus.Open : Enum.Parse<OrderStatus>(request.Status);
            order.UpdatedAt = now;
            order.UpdatedBy = requestContext.ActorName;
            touched.Add(order.CustomerId);
            saved.Add(order);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var customerId in touched)
        {
            var account = accounts.GetValueOrDefault(customerId)
                ?? await db.Accounts.SingleOrDefaultAsync(a => a.CustomerId == customerId, cancellationToken)
                ?? await projector.RefreshAsync(customerId, cancellationToken);
            if (account is not null)
            {
                await projector.RecomputeOrdersAsync(account, cancellationToken);
            }
        }

        return new RecordOrdersResult([.. saved.Select(OrderResponse.From)], created, saved.Count - created);
    }
}

/// <summary>
/// Reads an orders file: a header line naming the columns customerId, reference, amount, currency, orderDate (yyyy-MM-dd) and
/// optionally kind and status; comma or semicolon separated; a decimal point. A bad row rejects the whole file (400 naming
/// the line and column) and nothing is written.
/// </summary>
internal static class OrdersCsv
{
    private static readonly string[] _required = ["customerId", "reference", "amount", "currency", "orderDate"];

    public static List<RecordOrderRequest> Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select((l, i) => (Text: l.Trim(), Number: i + 1)).Where(l => l.Text.Length > 0).ToList();
        if (lines.Count == 0)
        {
            throw Invalid("file", "The file is empty.");
        }

        var separator = lines[0].Text.Contains(';') ? ';' : ',';
        var header = lines[0].Text.TrimStart('\uFEFF').Split(separator).Select(h => h.Trim()).ToList();
        foreach (var column in _required.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)))
        {
            throw Invalid("file", $"The header has no column '{column}'.");
        }

        int Index(string name) => header.FindIndex(h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        var (customer, reference, amount, currency, date, kind, status) =
            (Index("customerId"), Index("reference"), Index("amount"), Index("currency"), Index("orderDate"), Index("kind"), Index("status"));
        var orders = new List<RecordOrderRequest>();
        foreach (var (line, number) in lines.Skip(1))
        {
            var cells = line.Split(separator).Select(c => c.Trim().Trim('"')).ToArray();
            string Cell(int index, string name) => index >= 0 && index < cells.Length ? cells[index] : throw Invalid($"line {number}", $"Line {number} has no value for '{name}'.");
            string? Optional(int index) => index >= 0 && index < cells.Length && cells[index].Length > 0 ? cells[index] : null;
            if (!Guid.TryParse(Cell(customer, "customerId"), out var customerId))
            {
                throw Invalid($"line {number}", $"Line {number}, column customerId: not a customer id.");
            }

            if (!decimal.TryParse(Cell(amount, "amount"), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                throw Invalid($"line {number}", $"Line {number}, column amount: not a number.");
            }

            if (!DateOnly.TryParseExact(Cell(date, "orderDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var orderDate))
            {
                throw Invalid($"line {number}", $"Line {number}, column orderDate: not a yyyy-MM-dd date.");
            }

            orders.Add(new RecordOrderRequest(customerId, Cell(reference, "reference"), Optional(kind), value, Cell(currency, "currency").ToUpperInvariant(), orderDate, Optional(status)));
        }

        return orders;
    }

    private static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);
}

internal sealed record ListOrdersQuery(Guid? CustomerId, string? Status, PageQuery Page) : IQuery<PagedResult<OrderResponse>>;

internal sealed class ListOrdersHandler(CreditLimitsDbContext db) : IRequestHandler<ListOrdersQuery, PagedResult<OrderResponse>>
{
    public async Task<PagedResult<OrderResponse>> Handle(ListOrdersQuery query, CancellationToken cancellationToken)
    {
        var orders = db.Orders.AsNoTracking();
        if (query.CustomerId is { } customerId)
        {
            orders = orders.Where(o => o.CustomerId == customerId);
        }

        if (query.Status is not null)
        {
            var status = Enum.TryParse<OrderStatus>(query.Status, out var parsed) ? parsed
                : throw new ValidationException([new ValidationFailure("status", "The status is Open or Closed.")]);
            orders = orders.Where(o => o.Status == status);
        }

        var page = await orders.OrderBy(o => o.Reference).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<OrderResponse>([.. page.Items.Select(OrderResponse.From)], page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class RecordOrdersEndpoints
{
    public static void MapOrders(this RouteGroupBuilder credit)
    {
        credit.MapPost("orders", async (RecordOrderRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new RecordOrdersCommand([request]), cancellationToken)).Orders[0])
            .WithName("RecordOrder")
            .WithSummary("Creates or updates (by reference) an open order or draft invoice; Closed takes it out of exposure.")
            .RequireCompanyRoles(CreditLimitsModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        credit.MapPost("orders/import", async (HttpRequest http, IMediator mediator, CancellationToken cancellationToken) =>
            {
                using var reader = new StreamReader(http.Body);
                var orders = OrdersCsv.Parse(await reader.ReadToEndAsync(cancellationToken));
                var saved = await mediator.Send(new RecordOrdersCommand(orders), cancellationToken);
                return new ImportOrdersResponse(orders.Count, saved.Created, saved.Updated, [.. saved.Orders.Select(o => o.CustomerId).Distinct()]);
            })
            .WithName("ImportOrders")
            .WithSummary("Imports open orders from a CSV body (text/csv): customerId, reference, amount, currency, orderDate[, kind, status].")
            .RequireCompanyRoles(CreditLimitsModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        credit.MapGet("orders", (Guid? customerId, string? status, int? page, int? pageSize, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListOrdersQuery(customerId, status, new PageQuery(page, pageSize)), cancellationToken))
            .WithName("ListOrders")
            .WithSummary("The company's orders and draft invoices, by reference.")
            .RequireCompanyRoles(CompanyRoles.Readers);
    }
}
