using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features.AllocateItem;
using Etrepaye.Receivables.Features.CreateCustomer;
using Etrepaye.Receivables.Features.DeleteImportMapping;
using Etrepaye.Receivables.Features.GetAgedBalance;
using Etrepaye.Receivables.Features.GetCustomer;
using Etrepaye.Receivables.Features.GetCustomerGroupAgedBalance;
using Etrepaye.Receivables.Features.GetCustomerGroupBalances;
using Etrepaye.Receivables.Features.GetCustomerStatement;
using Etrepaye.Receivables.Features.GetCustomerStatementPdf;
using Etrepaye.Receivables.Features.GetImport;
using Etrepaye.Receivables.Features.GetImportMapping;
using Etrepaye.Receivables.Features.GetItem;
using Etrepaye.Receivables.Features.GetKpis;
using Etrepaye.Receivables.Features.GetReceivablesSettings;
using Etrepaye.Receivables.Features.GetTopOverdueCustomers;
using Etrepaye.Receivables.Features.ListCustomerImports;
using Etrepaye.Receivables.Features.ListCustomerItems;
using Etrepaye.Receivables.Features.ListCustomers;
using Etrepaye.Receivables.Features.ListExchangeRates;
using Etrepaye.Receivables.Features.ListImportMappings;
using Etrepaye.Receivables.Features.ListImports;
using Etrepaye.Receivables.Features.RecordItem;
using Etrepaye.Receivables.Features.SaveImportMapping;
using Etrepaye.Receivables.Features.SetExchangeRate;
using Etrepaye.Receivables.Features.StartImport;
using Etrepaye.Receivables.Features.UpdateCustomer;
using Etrepaye.Receivables.Features.UpdateReceivablesSettings;
using Etrepaye.Receivables.Importing;
using Etrepaye.Receivables.Ledger;
using Etrepaye.Receivables.Setup;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Receivables;

/// <summary>The ledger: customers, invoices, payments, imports, aged balance and KPIs.</summary>
public static class ReceivablesModule
{
    /// <summary>Who may change the ledger: everyone but Consultants and Viewers.</summary>
    internal static readonly CompanyRole[] WriterRoles = [CompanyRole.Administrator, CompanyRole.CreditManager, CompanyRole.Operator];

    public static IServiceCollection AddReceivablesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<ReceivablesDbContext>(ReceivablesDbContext.SchemaName);
        services.AddMediationFrom(typeof(ReceivablesModule).Assembly);
        services.AddScoped<LedgerReader>();
        services.AddScoped<AgedBalanceAggregator>();
        services.AddScoped<ImportRunner>();
        services.AddScoped<StagedWritePass>();
        services.AddSingleton<ImportProgress>();
        services.AddSingleton<IImportBatchObserver, NoImportBatchObserver>();
        services.AddSingleton<OverdueChecker>();
        services.AddHostedService<OverdueCheckService>();
        services.AddScoped<ReceivablesDemo>();
        services.AddScoped<IReceivablesQueries, ReceivablesQueries>();
        services.AddScoped<ICustomerDocuments, CustomerDocuments>();
        services.AddIntegrationEventsFrom(System.Reflection.Assembly.Load("Etrepaye.Receivables.Contracts"));
        return services;
    }

    /// <summary>
    /// Demo mode: the demo company's customers and invoices, and the overdue check caught up so that their collection cases open.
    /// False while the company's ledger is not set up yet (try again shortly).
    /// </summary>
    public static async Task<bool> SeedDemoAsync(IServiceProvider services, Guid companyId, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "demo");
        return await scope.ServiceProvider.GetRequiredService<ReceivablesDemo>().SeedAsync(cancellationToken);
    }

    /// <summary>
    /// The command-line import: imports a file for a company with one of its saved mappings (by name), as the system.
    /// Returns a one-line summary and whether the import completed (with or without skipped rows).
    /// </summary>
    public static async Task<(bool Completed, string Summary)> ImportFileAsync(
        IServiceProvider services, Guid companyId, string path, string mappingName, string? mode, string? policy, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "import");
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
        var result = await mediator.Send(new StartImportCommand(Path.GetFileName(path), path, null, mappingName, null, mode, policy, null), cancellationToken);
        var summary = $"Import {result.Id}: {result.Status}. Rows read {result.RowsRead}, rejected {result.RowsRejected}; items created {result.ItemsCreated}, " +
            $"updated {result.ItemsUpdated}, unchanged {result.ItemsUnchanged}, settled by absence {result.ItemsSettledByAbsence}; customers created {result.CustomersCreated}." +
            (result.Message is null ? "" : $" {result.Message}") +
            string.Concat(result.Errors.Items.Select(e => $"\n  line {e.Line}{(e.Column is null ? "" : $", column {e.Column}")}: {e.Reason}"));
        return (result.Status is "Completed" or "CompletedWithErrors", summary);
    }

    public static IEndpointRouteBuilder MapReceivablesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var receivables = endpoints.MapCompanyGroup("receivables", "Receivables");
        receivables.MapGetReceivablesSettings();
        receivables.MapUpdateReceivablesSettings();
        receivables.MapCreateCustomer();
        receivables.MapUpdateCustomer();
        receivables.MapGetCustomer();
        receivables.MapListCustomers();
        receivables.MapListCustomerItems();
        receivables.MapListCustomerImports();
        receivables.MapRecordItems();
        receivables.MapGetItem();
        receivables.MapAllocateItem();
        receivables.MapSetExchangeRate();
        receivables.MapListExchangeRates();
        receivables.MapGetAgedBalance();
        receivables.MapGetKpis();
        receivables.MapGetTopOverdueCustomers();
        receivables.MapGetCustomerStatement();
        receivables.MapGetCustomerStatementPdf();
        receivables.MapGetCustomerGroupAgedBalance();
        receivables.MapGetCustomerGroupBalances();
        receivables.MapSaveImportMapping();
        receivables.MapListImportMappings();
        receivables.MapGetImportMapping();
        receivables.MapDeleteImportMapping();
        receivables.MapStartImport();
        receivables.MapListImports();
        receivables.MapGetImport();
        return endpoints;
    }
}
