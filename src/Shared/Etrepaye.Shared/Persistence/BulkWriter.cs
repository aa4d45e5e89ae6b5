using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Etrepaye.Shared.Persistence;

/// <summary>
/// Writes many rows of one entity type at once, for the paths where change tracking costs more than the
/// database (a burst of workflow steps, a bulk start). Tables, columns and values come from the EF model:
/// each value goes through its column's value converter, so a row is stored exactly as SaveChanges would
/// store it. Runs in the context's current transaction.
/// On PostgreSQL a whole batch is one statement over one array parameter per column (<c>unnest</c>); on any
/// other provider (SQLite runs in process) one prepared single-row statement is executed per row.
/// </summary>
public static class BulkWriter
{
    /// <summary>Inserts the rows (no change tracking, no audit: for engine rows, not business entities).</summary>
    public static async Task InsertAsync<TRow>(this DbContext db, IReadOnlyCollection<TRow> rows, CancellationToken cancellationToken)
        where TRow : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = TableOf<TRow>(db);
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        var values = rows.Select(r => table.Columns.Select(c => c.Property.GetGetter().GetClrValue(r)).ToArray()).ToList();
        await using var command = await CreateCommandAsync(db, cancellationToken);
        if (command is NpgsqlCommand)
        {
            command.CommandText = $"INSERT INTO {table.Name} ({columns}) SELECT * FROM unnest({AddArrays(command, table.Columns, values)})";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        command.CommandText = $"INSERT INTO {table.Name} ({columns}) VALUES ({Placeholders(table.Columns.Count)})";
        await ExecutePerRowAsync(command, values, table.Columns, cancellationToken);
    }

    /// <summary>
    /// Updates the given properties of each row whose key matches and whose concurrency token still holds
    /// the expected value; returns how many rows were updated (fewer than given: another writer came first).
    /// </summary>
    public static async Task<int> UpdateIfTokenAsync<TRow>(
        this DbContext db,
        IReadOnlyCollection<(TRow Row, object ExpectedToken)> rows,
        IReadOnlyCollection<string> propertiesToSet,
        CancellationToken cancellationToken)
        where TRow : class
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var table = TableOf<TRow>(db);
        var key = table.Columns.Single(c => c.Property.IsPrimaryKey());
        var token = table.Columns.Single(c => c.Property.IsConcurrencyToken);
        var set = table.Columns.Where(c => propertiesToSet.Contains(c.Property.Name)).ToList();
        List<Column> columns = [key, .. set, token];
        var values = rows.Select(r => columns.Take(columns.Count - 1).Select(c => c.Property.GetGetter().GetClrValue(r.Row)).Append(r.ExpectedToken).ToArray()).ToList();
        await using var command = await CreateCommandAsync(db, cancellationToken);
        if (command is NpgsqlCommand)
        {
            var names = string.Join(", ", columns.Take(columns.Count - 1).Select(c => c.Name).Append("expected_token"));
            command.CommandText = $"UPDATE {table.Name} AS t SET {string.Join(", ", set.Select(c => $"{c.Name} = v.{c.Name}"))} "
                + $"FROM unnest({AddArrays(command, columns, values)}) AS v ({names}) "
                + $"WHERE t.{key.Name} = v.{key.Name} AND t.{token.Name} = v.expected_token";
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }

        command.CommandText = $"UPDATE {table.Name} SET {string.Join(", ", set.Select((c, i) => $"{c.Name} = @b{i + 1}"))} "
            + $"WHERE {key.Name} = @b0 AND {token.Name} = @b{set.Count + 1}";
        return await ExecutePerRowAsync(command, values, columns, cancellationToken);
    }

    private static async Task<DbCommand> CreateCommandAsync(DbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        return command;
    }

    private static string Placeholders(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "@b" + i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>One typed array per column (uuid[], text[], timestamptz[]…), element i being row i's stored value.</summary>
    private static string AddArrays(DbCommand command, IReadOnlyList<Column> columns, IReadOnlyList<object?[]> rows)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            var mapping = columns[c].Mapping;
            var storedType = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            storedType = Nullable.GetUnderlyingType(storedType) ?? storedType;
            var elementType = storedType.IsValueType ? typeof(Nullable<>).MakeGenericType(storedType) : storedType;
            var array = Array.CreateInstance(elementType, rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                array.SetValue(Stored(mapping, rows[r][c]), r);
            }

            command.Parameters.Add(new NpgsqlParameter("b" + c.ToString(CultureInfo.InvariantCulture), array));
        }

        return Placeholders(columns.Count);
    }

    /// <summary>SQLite (in process) and other providers: one prepared single-row statement, its parameters rebound per row.</summary>
    private static async Task<int> ExecutePerRowAsync(DbCommand command, IReadOnlyList<object?[]> rows, IReadOnlyList<Column> columns, CancellationToken cancellationToken)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            command.Parameters.Add(columns[c].Mapping.CreateParameter(command, "@b" + c.ToString(CultureInfo.InvariantCulture), rows[0][c], columns[c].Property.IsNullable));
        }

        var affected = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; r > 0 && c < columns.Count; c++)
            {
                command.Parameters[c].Value = Stored(columns[c].Mapping, rows[r][c]) ?? DBNull.Value;
            }

            affected += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return affected;
    }

    private static object? Stored(RelationalTypeMapping mapping, object? value) =>
        value is not null && mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;

    private static TableShape TableOf<TRow>(DbContext db)
    {
        var entityType = db.Model.FindEntityType(typeof(TRow))
            ?? throw new InvalidOperationException($"{typeof(TRow).Name} is not an entity of {db.GetType().Name}.");
        var store = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entityType.GetProperties()
            .Select(p => p.IsShadowProperty()
                ? throw new InvalidOperationException($"{typeof(TRow).Name}.{p.Name} is a shadow property: bulk writes need every column on the row.")
                : new Column(p, sql.DelimitIdentifier(p.GetColumnName(store)!), (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToList();
        return new TableShape(sql.DelimitIdentifier(store.Name, store.Schema), columns);
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping);

    private sealed record TableShape(string Name, IReadOnlyList<Column> Columns);
}
