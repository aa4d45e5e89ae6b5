namespace Etrepaye.Workflows.Tests.Support;

internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string WorkflowsFolder => Path.Combine(Root, "workflows");

    public static string SchemaPath => Path.Combine(WorkflowsFolder, "workflow.schema.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Etrepaye.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Etrepaye.sln not found above the test binaries.");
    }
}
