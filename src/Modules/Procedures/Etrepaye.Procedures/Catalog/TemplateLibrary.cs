using Etrepaye.Workflows.Definitions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Etrepaye.Procedures.Catalog;

/// <summary>A shipped template: a definition file of workflows/, identified by its definitionId and versioned by its version.</summary>
internal sealed record ProcedureTemplate(string Id, int Version, string Name, string? Description, string File, WorkflowDefinition Definition);

/// <summary>
/// The shipped template library: every definition file under the templates directory (workflows/ copied beside the
/// binaries, or <c>Procedures:TemplatesDirectory</c>), read once at start-up. A file that does not parse is logged and
/// left out; when two files share a definitionId, the higher version is the template.
/// </summary>
internal sealed partial class TemplateLibrary
{
    public const string DirectorySetting = "Procedures:TemplatesDirectory";

    public TemplateLibrary(IConfiguration configuration, ILogger<TemplateLibrary> logger)
    {
        var directory = configuration[DirectorySetting] is { Length: > 0 } configured ? configured : Path.Combine(AppContext.BaseDirectory, "workflows");
        var templates = new Dictionary<string, ProcedureTemplate>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".schema.json", StringComparison.Ordinal))
                {
                    continue;
                }

                try
                {
                    var definition = WorkflowDefinitionSerializer.Parse(File.ReadAllText(file));
                    var template = new ProcedureTemplate(definition.DefinitionId, definition.Version, definition.Name, definition.Description,
                        Path.GetRelativePath(directory, file).Replace('\\', '/'), definition);
                    if (!templates.TryGetValue(template.Id, out var other) || other.Version < template.Version)
                    {
                        templates[template.Id] = template;
                    }
                }
                catch (WorkflowDefinitionFormatException exception)
                {
                    LogUnreadableTemplate(logger, file, exception.Message);
                }
            }
        }

        Templates = [.. templates.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    public IReadOnlyList<ProcedureTemplate> Templates { get; }

    public ProcedureTemplate? Find(string id) => Templates.FirstOrDefault(t => t.Id == id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The procedure template {File} is left out: {Reason}")]
    private static partial void LogUnreadableTemplate(ILogger logger, string file, string reason);
}
