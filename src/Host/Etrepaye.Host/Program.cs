using Etrepaye.Host.Hosting;

// The host binary also runs administrative verbs (migrate, seed-demo, create-admin) for scripted operations.
if (args.Length > 0 && CommandLineVerbs.IsVerb(args[0]))
{
    return await CommandLineVerbs.RunAsync(args);
}

var app = EtrepayeApplication.Build(args);
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
