using Etrepaye.Collection.Features.Agencies.AcceptAgencyCase;
using Etrepaye.Collection.Features.Agencies.AddSupplierNote;
using Etrepaye.Collection.Features.Agencies.CloseAgencyCase;
using Etrepaye.Collection.Features.Agencies.CreateAgency;
using Etrepaye.Collection.Features.Agencies.CreateAgencyKey;
using Etrepaye.Collection.Features.Agencies.DeleteAgency;
using Etrepaye.Collection.Features.Agencies.GetAgency;
using Etrepaye.Collection.Features.Agencies.GetAgencyCase;
using Etrepaye.Collection.Features.Agencies.GetAgencyPerformance;
using Etrepaye.Collection.Features.Agencies.GetHandover;
using Etrepaye.Collection.Features.Agencies.GetHandoverDocument;
using Etrepaye.Collection.Features.Agencies.HandOverCase;
using Etrepaye.Collection.Features.Agencies.ListAgencies;
using Etrepaye.Collection.Features.Agencies.ListAgencyCases;
using Etrepaye.Collection.Features.Agencies.ListAgencyKeys;
using Etrepaye.Collection.Features.Agencies.ListDirectPayments;
using Etrepaye.Collection.Features.Agencies.PostStatusUpdate;
using Etrepaye.Collection.Features.Agencies.RecallCase;
using Etrepaye.Collection.Features.Agencies.ReportCollection;
using Etrepaye.Collection.Features.Agencies.RevokeAgencyKey;
using Etrepaye.Collection.Features.Agencies.UpdateAgency;
using Etrepaye.Collection.Features.Agencies.UploadHandoverDocument;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Collection.Agencies;

/// <summary>Collection agencies: records and keys, handover and recall, the agency's own API, direct payments, performance.</summary>
internal static class AgenciesRegistration
{
    /// <summary>Who may set up agencies and their keys, hand cases over and recall them.</summary>
    public static readonly CompanyRole[] ManagerRoles = [CompanyRole.Administrator, CompanyRole.CreditManager];

    /// <summary>Who may add documents and notes for the agency to a case it holds.</summary>
    public static readonly CompanyRole[] WriterRoles = [CompanyRole.Administrator, CompanyRole.CreditManager, CompanyRole.Operator];

    /// <summary>The rule code of a handover that names no agency when the company has no default one.</summary>
    public const string NoAgencyCode = "no-agency";

    public static IServiceCollection AddAgencies(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AgencyDocumentOptions>(configuration.GetSection(AgencyDocumentOptions.SectionName));
        services.AddSingleton<AgencyDocumentStore>();
        services.AddScoped<AgencyCaller>();
        services.AddScoped<IAgencyHoldings, AgencyHoldings>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AgencyKeyAuthenticationHandler>(AgencyKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(AgencyKeyAuthenticationHandler.PolicyName, policy => policy
            .AddAuthenticationSchemes(AgencyKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(AgencyKeyAuthenticationHandler.AgencyClaim));
        services.AddEffectHandler<AgencyHandoverEffectHandler>();
        services.AddEffectHandler<AgencyRecallEffectHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapAgenciesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var collection = endpoints.MapCompanyGroup("collection", "Collection agencies");
        collection.MapListAgencies();
        collection.MapCreateAgency();
        collection.MapGetAgency();
        collection.MapUpdateAgency();
        collection.MapDeleteAgency();
        collection.MapCreateAgencyKey();
        collection.MapListAgencyKeys();
        collection.MapRevokeAgencyKey();
        collection.MapListCasesOfAgency();
        collection.MapGetAgencyPerformance();
        collection.MapHandOverCase();
        collection.MapGetHandover();
        collection.MapUploadHandoverDocument();
        collection.MapGetHandoverDocument();
        collection.MapAddSupplierNote();
        collection.MapRecallCase();

        var agency = endpoints.MapGroup("/api/agency").WithTags("Agency API")
            .RequireAuthorization(AgencyKeyAuthenticationHandler.PolicyName)
            .AddEndpointFilter<AgencyContextFilter>();
        agency.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        agency.MapListAgencyCases();
        agency.MapGetAgencyCase();
        agency.MapGetAgencyCaseDocument();
        agency.MapAcceptAgencyCase();
        agency.MapPostStatusUpdate();
        agency.MapReportCollection();
        agency.MapListDirectPayments();
        agency.MapCloseAgencyCase();
        return endpoints;
    }
}
