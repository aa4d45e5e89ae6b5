using System.Security.Cryptography;
using Etrepaye.Access;
using Etrepaye.Receivables;

namespace Etrepaye.Host.Hosting;

/// <summary>
/// Administrative verbs on the host binary, for scripted operations:
/// <c>migrate</c>, <c>seed-demo</c>, <c>create-admin --email … --company … [--password …]</c>,
/// <c>import --company &lt;id&gt; --file &lt;path&gt; --mapping &lt;name&gt; [--mode full|delta] [--policy rejectFile|skipBadRows]</c>.
/// Configuration (database provider, connection string) comes from the same appsettings and environment as the server.
/// </summary>
internal static class CommandLineVerbs
{
    private static readonly string[] _verbs = ["migrate", "seed-demo", "create-admin", "import"];

    public static bool IsVerb(string argument) => _verbs.Contains(argument, StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args[0];
        var options = ParseOptions(args.Skip(1).ToArray());
        // The verbs' own options are not configuration keys: only --Key=value style arguments go to configuration.
        var configurationArgs = args.Skip(1).Where(a => a.Contains('=', StringComparison.Ordinal)).ToArray();
        await using var app = EtrepayeApplication.Build(configurationArgs);
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        try
        {
            await EtrepayeApplication.MigrateAsync(app.Services, cancellation.Token);
            switch (verb)
            {
                case "migrate":
                    Console.WriteLine("Every module's migrations are applied.");
                    return 0;
                case "seed-demo":
                    var (accounts, password) = await AccessModule.SeedDemoAsync(app.Services, cancellation.Token);
                    Console.WriteLine($"Demo companies seeded. Accounts (password {password}):");
                    foreach (var account in accounts)
                    {
                        Console.WriteLine($"  {account.Role,-14} {account.Email}");
                    }

                    return 0;
                case "import":
                    return await ImportAsync(app.Services, options, cancellation.Token);
                default:
                    return await CreateAdministratorAsync(app.Services, options, cancellation.Token);
            }
        }
        catch (FluentValidation.ValidationException validation)
        {
            await Console.Error.WriteLineAsync($"{verb}: {string.Join(" ", validation.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}"))}");
            return 2;
        }
        catch (Etrepaye.Shared.Errors.BusinessRuleException rule)
        {
            await Console.Error.WriteLineAsync($"{verb}: {rule.Message}");
            return 2;
        }
    }

    private static async Task<int> CreateAdministratorAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options, CancellationToken cancellationToken)
    {
        if (!options.TryGetValue("email", out var email) || !options.TryGetValue("company", out var company))
        {
            await Console.Error.WriteLineAsync(
                "usage: create-admin --email you@example.com --company \"Company name\" [--password …] [--country FR] [--currency EUR] [--time-zone Europe/Paris]\n" +
                "The password may also come from the ETREPAYE_ADMIN_PASSWORD environment variable; without one, a password is generated and printed once.");
            return 2;
        }

        var password = options.GetValueOrDefault("password") ?? Environment.GetEnvironmentVariable("ETREPAYE_ADMIN_PASSWORD");
        var generated = password is null;
        password ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y') + "-A1";
        var companyId = await AccessModule.CreateAdministratorAsync(
            services, email, company, options.GetValueOrDefault("country", "FR"), options.GetValueOrDefault("currency", "EUR"),
            options.GetValueOrDefault("time-zone", "Europe/Paris"), password, cancellationToken);
        Console.WriteLine($"{email} is Administrator of \"{company}\" (company {companyId}).");
        if (generated)
        {
            Console.WriteLine($"Generated password (shown once): {password}");
        }

        return 0;
    }

    private static async Task<int> ImportAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options, CancellationToken cancellationToken)
    {
        if (!options.TryGetValue("company", out var company) || !Guid.TryParse(company, out var companyId)
            || !options.TryGetValue("file", out var file) || !options.TryGetValue("mapping", out var mapping))
        {
            await Console.Error.WriteLineAsync(
                "usage: import --company <company id> --file <path.csv> --mapping <saved mapping name> [--mode full|delta] [--policy rejectFile|skipBadRows]");
            return 2;
        }

        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"import: no file at {file}");
            return 2;
        }

        var (completed, summary) = await ReceivablesModule.ImportFileAsync(
            services, companyId, Path.GetFullPath(file), mapping, options.GetValueOrDefault("mode"), options.GetValueOrDefault("policy"), cancellationToken);
        Console.WriteLine(summary);
        return completed ? 0 : 1;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && !args[i].Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
        }

        return options;
    }
}
