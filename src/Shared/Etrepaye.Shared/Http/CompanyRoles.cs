using Etrepaye.Shared.Tenancy;
using Microsoft.AspNetCore.Builder;

namespace Etrepaye.Shared.Http;

/// <summary>Endpoint metadata: the company roles allowed to call a company-scoped endpoint.</summary>
public sealed record CompanyRolesMetadata(IReadOnlySet<CompanyRole> Roles);

/// <summary>Endpoint metadata: the endpoint is under /api/companies/{companyId} and needs a membership.</summary>
public sealed record CompanyScopedMetadata;

public static class CompanyRoles
{
    /// <summary>Roles that may change a company's data in general (everyone but the Viewer).</summary>
    public static readonly CompanyRole[] Writers = [CompanyRole.Administrator, CompanyRole.CreditManager, CompanyRole.Operator, CompanyRole.Consultant];

    /// <summary>Every role: reading is open to every member.</summary>
    public static readonly CompanyRole[] Readers = Enum.GetValues<CompanyRole>();

    /// <summary>
    /// Restricts the endpoint to members holding one of these roles (others get 403). A company-scoped endpoint
    /// that changes state and declares no roles is refused to everyone: access is never granted by omission.
    /// </summary>
    public static TBuilder RequireCompanyRoles<TBuilder>(this TBuilder builder, params CompanyRole[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new CompanyRolesMetadata(roles.ToHashSet()));
        return builder;
    }
}
