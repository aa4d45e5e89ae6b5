using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.CreateAgencyKey;

public sealed record CreateAgencyKeyRequest(string Name);

/// <param name="Key">The key the agency sends in the X-Agency-Key header. It is shown this once and cannot be read again.</param>
public sealed record CreatedAgencyKeyResponse(Guid Id, Guid AgencyId, string Name, string Key, DateTimeOffset CreatedAt);

internal sealed record CreateAgencyKeyCommand(Guid AgencyId, string Name) : ICommand<CreatedAgencyKeyResponse>;

internal sealed class CreateAgencyKeyValidator : AbstractValidator<CreateAgencyKeyCommand>
{
    public CreateAgencyKeyValidator() => RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
}

internal sealed class CreateAgencyKeyHandler(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CreateAgencyKeyCommand, CreatedAgencyKeyResponse>
{
    public async Task<CreatedAgencyKeyResponse> Handle(CreateAgencyKeyCommand command, CancellationToken cancellationToken)
    {
        if (!await db.Agencies.AnyAsync(a => a.Id == command.AgencyId, cancellationToken))
        {
            throw new NotFoundException("Agency", command.AgencyId);
        }

        var id = Ids.New(timeProvider);
        var (key, secretHash) = AgencyKeySecrets.Create(id);
        var apiKey = new AgencyApiKey
        {
            Id = id,
            CompanyId = requestContext.CompanyId,
            AgencyId = command.AgencyId,
            Name = command.Name.Trim(),
            SecretHash = secretHash,
            CreatedAt = timeProvider.GetUtcNow(),
            CreatedBy = requestContext.ActorName,
        };
        db.AgencyApiKeys.Add(apiKey);
        return new CreatedAgencyKeyResponse(apiKey.Id, apiKey.AgencyId, apiKey.Name, key, apiKey.CreatedAt);
    }
}

internal static class CreateAgencyKeyEndpoint
{
    public static void MapCreateAgencyKey(this RouteGroupBuilder collection) =>
        collection.MapPost("agencies/{agencyId:guid}/api-keys", HandleAsync)
            .WithName("CreateAgencyKey")
            .WithSummary("Creates a key for the agency's own API, scoped to this agency of this company. The key is returned once; only its hash is kept.")
            .RequireCompanyRoles(AgenciesRegistration.ManagerRoles)
            .ProducesValidationProblem();

    private static async Task<Created<CreatedAgencyKeyResponse>> HandleAsync(
        Guid companyId, Guid agencyId, CreateAgencyKeyRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(new CreateAgencyKeyCommand(agencyId, request.Name), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/collection/agencies/{agencyId}/api-keys/{created.Id}", created);
    }
}
