using System.Text;

namespace Etrepaye.Shared.Persistence;

public static class Naming
{
    /// <summary>"OpenAmount" → "open_amount"; tables and columns are snake_case on every provider.</summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (i > 0 && name[i - 1] != '_' && (previousIsLowerOrDigit || (char.IsUpper(name[i - 1]) && nextIsLower)))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The physical table name: the module's schema on PostgreSQL, a "schema_" prefix on SQLite.</summary>
    public static string Table(bool isSqlite, string schema, string table) => isSqlite ? $"{schema}_{table}" : table;
}
