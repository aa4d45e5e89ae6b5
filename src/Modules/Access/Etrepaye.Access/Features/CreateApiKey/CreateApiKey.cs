using Etrepaye.Access.Data;
using Etrepaye.Access.Domain;
using Etrepaye.Access.Security;
using Etrepaye.Shared;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Access.Features.CreateApiKey;

public sealed record CreateApiKeyRequest(string Name, CompanyRole Role);

/// <param name="Key">The key to send in the X-Api-Key header. It is shown this once and cannot be read again.</param>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, CompanyRole Role, string Key, DateTimeOffset CreatedAt);

internal sealed record CreateApiKeyCommand(string Name, CompanyRole Role) : ICommand<CreatedApiKeyResponse>;

internal sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Role).IsInEnum().NotEqual(CompanyRole.Administrator)
            .WithMessage("An API key cannot administer the company; give it the role the integration needs (e.g. Operator, Viewer).");
    }
}

internal sealed class CreateApiKeyHandler(AccessDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CreateApiKeyCommand, CreatedApiKeyResponse>
{
    public Task<CreatedApiKeyResponse> Handle(CreateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var id = Ids.New(timeProvider);
        var (key, secretHash) = ApiKeySecrets.Create(id);
        var apiKey = new ApiKey
        {
            Id = id,
            CompanyId = requestContext.CompanyId,
            Name = command.Name.Trim(),
            Role = command.Role,
            SecretHash = secretHash,
            CreatedAt = timeProvider.GetUtcNow(),
            CreatedBy = requestContext.ActorName,
        };
        db.ApiKeys.Add(apiKey);
        return Task.FromResult(new CreatedApiKeyResponse(apiKey.Id, apiKey.Name, apiKey.Role, key, apiKey.CreatedAt));
    }
}

internal static class CreateApiKeyEndpoint
{
    public static void MapCreateApiKey(this RouteGroupBuilder company) =>
        company.MapPost("api-keys", HandleAsync)
            .WithName("CreateApiKey")
            .WithSummary("Creates an API key for an integration, scoped to this company and one role. The key is returned once.")
            .RequireCompanyRoles(CompanyRole.Administrator)
            .ProducesValidationProblem();

    private static async Task<Created<CreatedApiKeyResponse>> HandleAsync(Guid companyId, CreateApiKeyRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(new CreateApiKeyCommand(request.Name, request.Role), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/api-keys/{created.Id}", created);
    }
}
