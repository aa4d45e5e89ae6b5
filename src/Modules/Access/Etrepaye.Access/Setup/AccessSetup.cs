using Etrepaye.Access.Data;
using Etrepaye.Access.Domain;
using Etrepaye.Access.Features.AddMember;
using Etrepaye.Access.Features.CreateCompany;
using Etrepaye.Shared;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Setup;

/// <summary>
/// Set-up done outside HTTP (the create-admin and seed-demo verbs, demo start-up), through the same use cases
/// the API runs, so the rules, the audit log and the events are the same.
/// </summary>
internal sealed class AccessSetup(AccessDbContext db, UserManager<User> users, IMediator mediator, RequestContext requestContext, TimeProvider timeProvider)
{
    public static readonly Guid DemoCompanyId = Guid.Parse("01937a5e-0000-7000-8000-00000000de01");
    public static readonly Guid DemoClientCompanyId = Guid.Parse("01937a5e-0000-7000-8000-00000000de02");
    public const string DemoPassword = "Etrepaye-Demo-2026";

    public async Task<bool> AdministratorExistsAsync(CancellationToken cancellationToken)
    {
        // Roles are one converted column, so they are read and checked here, stopping at the first Administrator.
        await foreach (var roles in db.Memberships.IgnoreQueryFilters().AsNoTracking().Select(m => m.Roles).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (roles.Contains(CompanyRole.Administrator))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Creates (or finds) the user and makes them Administrator of the named company, created if missing.</summary>
    public async Task<Guid> CreateAdministratorAsync(string email, string companyName, string country, string currency, string timeZone, string password, CancellationToken cancellationToken)
    {
        var user = await FindOrCreateUserAsync(email, email, password);
        requestContext.SetActor(user.Id, email);
        var company = await db.Companies.IgnoreQueryFilters().FirstOrDefaultAsync(c => c.Name == companyName, cancellationToken);
        if (company is null)
        {
            var created = await mediator.Send(new CreateCompanyCommand(companyName, country, currency, timeZone, null), cancellationToken);
            return created.Id;
        }

        requestContext.EnterCompanyAsSystem(company.Id, "create-admin");
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.UserId == user.Id, cancellationToken);
        if (membership is null)
        {
            await mediator.Send(new AddMemberCommand(email, email, [CompanyRole.Administrator], null), cancellationToken);
        }
        else if (!membership.Roles.Contains(CompanyRole.Administrator))
        {
            membership.Roles = [.. membership.Roles, CompanyRole.Administrator];
            db.CurrentAction = "CreateAdministrator";
            await db.SaveChangesAsync(cancellationToken);
        }

        return company.Id;
    }

    /// <summary>The demo company with one account per role, and a second company the consultant also works for.</summary>
    public async Task<IReadOnlyList<(string Email, string Role)>> SeedDemoAsync(CancellationToken cancellationToken)
    {
        var accounts = new (string Email, string Name, CompanyRole Role)[]
        {
            ("admin@demo.etrepaye.test", "Alice Admin", CompanyRole.Administrator),
            ("credit.manager@demo.etrepaye.test", "Camille Crédit", CompanyRole.CreditManager),
            ("operator@demo.etrepaye.test", "Olivier Opérateur", CompanyRole.Operator),
            ("consultant@demo.etrepaye.test", "Constance Conseil", CompanyRole.Consultant),
            ("viewer@demo.etrepaye.test", "Victor Viewer", CompanyRole.Viewer),
        };
        if (!await db.Companies.IgnoreQueryFilters().AnyAsync(c => c.Id == DemoCompanyId, cancellationToken))
        {
            var admin = await FindOrCreateUserAsync(accounts[0].Email, accounts[0].Name, DemoPassword);
            requestContext.SetActor(admin.Id, admin.Email!);
            await CreateDemoCompanyAsync(DemoCompanyId, "Démo Industries SAS", cancellationToken);
            foreach (var account in accounts.Skip(1))
            {
                await mediator.Send(new AddMemberCommand(account.Email, account.Name, [account.Role], DemoPassword), cancellationToken);
            }

            requestContext.SetActor(admin.Id, admin.Email!);
            await CreateDemoCompanyAsync(DemoClientCompanyId, "Client Négoce SARL", cancellationToken);
            await mediator.Send(new AddMemberCommand(accounts[3].Email, accounts[3].Name, [CompanyRole.Consultant], null), cancellationToken);
        }

        return accounts.Select(a => (a.Email, a.Role.ToString())).ToList();
    }

    private async Task CreateDemoCompanyAsync(Guid id, string name, CancellationToken cancellationToken)
    {
        // The demo companies keep fixed ids so that links in the docs and screenshots stay valid.
        await mediator.Send(new CreateCompanyCommand(name, "FR", "EUR", "Europe/Paris", "fr") { FixedId = id }, cancellationToken);
    }

    private async Task<User> FindOrCreateUserAsync(string email, string displayName, string password)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is not null)
        {
            return user;
        }

        user = new User { Id = Ids.New(timeProvider), UserName = email, Email = email, DisplayName = displayName, CreatedAt = timeProvider.GetUtcNow() };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new ValidationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        return user;
    }
}
