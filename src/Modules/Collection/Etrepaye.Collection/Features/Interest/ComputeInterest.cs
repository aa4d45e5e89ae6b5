using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Interest;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Interest;

/// <summary>For a case (its customer) or a customer: the interest of each overdue invoice on a date.</summary>
internal sealed record ComputeInterestQuery(Guid? CaseId, Guid? CustomerId, DateOnly? AsOf, string? Basis, decimal? ContractualRate, bool? Indemnity)
    : IQuery<InterestResponse>;

internal sealed class ComputeInterestValidator : AbstractValidator<ComputeInterestQuery>
{
    public ComputeInterestValidator()
    {
        RuleFor(q => q.Basis).Must(b => Enum.TryParse<InterestBasis>(b, true, out _)).When(q => q.Basis is not null)
            .WithMessage("basis is FrenchDefault, Contractual or EuStatutory.");
        RuleFor(q => q.ContractualRate).NotNull().When(q => string.Equals(q.Basis, nameof(InterestBasis.Contractual), StringComparison.OrdinalIgnoreCase))
            .WithMessage("contractualRate (percent) is required for the Contractual basis.");
        RuleFor(q => q.ContractualRate).InclusiveBetween(0m, 100m).When(q => q.ContractualRate is not null).WithMessage("contractualRate is a percentage between 0 and 100.");
    }
}

internal sealed class ComputeInterestHandler(
    CollectionDbContext db, IReceivablesQueries receivables, InterestService interest, ICompanyClock clock, RequestContext requestContext)
    : IRequestHandler<ComputeInterestQuery, InterestResponse>
{
    public async Task<InterestResponse> Handle(ComputeInterestQuery query, CancellationToken cancellationToken)
    {
        Guid customerId;
        if (query.CaseId is { } caseId)
        {
            customerId = await db.Cases.Where(c => c.Id == caseId).Select(c => (Guid?)c.CustomerId).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Case", caseId);
        }
        else
        {
            customerId = query.CustomerId!.Value;
            if ((await receivables.GetCustomersAsync([customerId], cancellationToken)).Count == 0)
            {
                throw new NotFoundException("Customer", customerId);
            }
        }

        var basis = query.Basis is null ? InterestBasis.FrenchDefault : Enum.Parse<InterestBasis>(query.Basis, true);
        return await interest.ComputeAsync(
            customerId, query.CaseId, query.AsOf ?? await clock.TodayAsync(requestContext.CompanyId, cancellationToken), new InterestTerms(basis, query.ContractualRate), query.Indemnity ?? true,
            cancellationToken);
    }
}

internal static class ComputeInterestEndpoints
{
    public static void MapComputeInterest(this RouteGroupBuilder collection)
    {
        collection.MapGet("cases/{caseId:guid}/interest", (Guid caseId, DateOnly? asOf, string? basis, decimal? contractualRate, bool? indemnity, IMediator mediator,
                CancellationToken cancellationToken) => mediator.Send(new ComputeInterestQuery(caseId, null, asOf, basis, contractualRate, indemnity), cancellationToken))
            .WithName("ComputeCaseInterest")
            .WithSummary("Late-payment interest of the case's overdue invoices on a date (default today), per invoice split by half-year, disputed amounts left out.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        collection.MapGet("customers/{customerId:guid}/interest", (Guid customerId, DateOnly? asOf, string? basis, decimal? contractualRate, bool? indemnity,
                IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ComputeInterestQuery(null, customerId, asOf, basis, contractualRate, indemnity), cancellationToken))
            .WithName("ComputeCustomerInterest")
            .WithSummary("Late-payment interest of a customer's overdue invoices on a date, whether or not a case is open.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
