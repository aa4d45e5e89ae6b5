using System.Collections.Concurrent;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Expressions;

/// <summary>A parsed and type-checked expression, ready to evaluate.</summary>
public sealed record CompiledExpression(string Text, ExprNode? Root, WorkflowType? Type, IReadOnlyList<ExpressionDiagnostic> Diagnostics)
{
    public bool Success => Root is not null && Type is not null && Diagnostics.Count == 0;

    public EvaluationResult Evaluate(IExpressionScope scope, EvaluationOptions options) =>
        Success
            ? ExpressionEvaluator.Evaluate(Root!, scope, options)
            : throw new ExpressionException(Diagnostics[0].Message, Diagnostics[0].Line, Diagnostics[0].Column);
}

public static class ExpressionCompiler
{
    public static CompiledExpression Compile(string text, IReadOnlyDictionary<string, WorkflowType> scope, WorkflowType? expected = null)
    {
        var parsed = ExpressionParser.Parse(text);
        if (!parsed.Success)
        {
            return new CompiledExpression(text, null, null, parsed.Diagnostics);
        }

        var checkedType = ExpressionTypeChecker.Check(parsed.Root!, scope, expected);
        return new CompiledExpression(text, parsed.Root, checkedType.Type, checkedType.Diagnostics);
    }
}

/// <summary>Compiles each (scope, text, expected type) once; the scope is identified by the caller's key.</summary>
internal sealed class ExpressionCache
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(string Text, string? Expected), CompiledExpression> _entries = new();

    public CompiledExpression Get(string text, IReadOnlyDictionary<string, WorkflowType> scope, WorkflowType? expected)
    {
        var key = (text, expected?.ToString());
        if (_entries.TryGetValue(key, out var compiled))
        {
            return compiled;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        return _entries.GetOrAdd(key, _ => ExpressionCompiler.Compile(text, scope, expected));
    }
}
