using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Etrepaye.Shared.Persistence;

/// <summary>
/// Writes many rows at once, for the paths where change tracking and round trips cost more than the
/// database (a burst of workflow steps, a bulk start, a stimulus resuming an instance). Statements are
/// queued, then sent by <see cref="ExecuteAsync"/>. Tables, columns and values come from the EF model:
/// each value goes through its column's value converter, so a row is stored exactly as SaveChanges
/// would store it. Runs in the context's current transaction.
/// On PostgreSQL every queued statement works on one array parameter per column (<c>unnest</c>,
/// <c>= ANY</c>) and all of them travel in one batch, one round trip. On any other provider (SQLite runs
/// in process) each statement is one prepared single-row statement executed per row.
/// </summary>
public sealed class BulkWriter(DbContext db)
{
    private readonly List<Statement> _statements = [];

    /// <summary>Queues the insertion of the rows (no change tracking, no audit: for engine rows, not business entities).</summary>
    /// <param name="skipExisting">Rows whose primary key exists already are left alone (ON CONFLICT DO NOTHING).</param>
    public BulkWriter Insert<TRow>(IReadOnlyCollection<TRow> rows, bool skipExisting = false)
        where TRow : class
    {
        if (rows.Count == 0)
        {
            return this;
        }

        var table = TableOf<TRow>(db);
        var insert = skipExisting ? table.InsertSkippingExisting : table.Insert;
        _statements.Add(new Statement(
            insert.ArraySql,
            insert.RowSql,
            table.Columns,
            [.. rows.Select(r => table.Columns.Select(c => c.Property.GetGetter().GetClrValue(r)).ToArray())]));
        return this;
    }

    /// <summary>
    /// Queues the update of the given properties of each row whose key matches and whose concurrency token
    /// still holds the expected value; its result (from <see cref="ExecuteAsync"/>) is the number of rows
    /// updated: fewer than given means another writer came first.
    /// </summary>
    public int UpdateIfToken<TRow>(IReadOnlyCollection<(TRow Row, object ExpectedToken)> rows, IReadOnlyCollection<string> propertiesToSet)
        where TRow : class
    {
        var table = TableOf<TRow>(db);
        var key = table.Columns.Single(c => c.Property.IsPrimaryKey());
        var token = table.Columns.Single(c => c.Property.IsConcurrencyToken);
        var set = table.Columns.Where(c => propertiesToSet.Contains(c.Property.Name)).ToList();
        List<Column> columns = [key, .. set, token];
        var names = string.Join(", ", columns.Take(columns.Count - 1).Select(c => c.Name).Append("expected_token"));
        _statements.Add(new Statement(
            $"UPDATE {table.Name} AS t SET {string.Join(", ", set.Select(c => $"{c.Name} = v.{c.Name}"))} "
                + $"FROM unnest({Positional(columns.Count)}) AS v ({names}) WHERE t.{key.Name} = v.{key.Name} AND t.{token.Name} = v.expected_token",
            $"UPDATE {table.Name} SET {string.Join(", ", set.Select((c, i) => $"{c.Name} = @b{i + 1}"))} WHERE {key.Name} = @b0 AND {token.Name} = @b{set.Count + 1}",
            columns,
            [.. rows.Select(r => columns.Take(columns.Count - 1).Select(c => c.Property.GetGetter().GetClrValue(r.Row)).Append(r.ExpectedToken).ToArray())]));
        return _statements.Count - 1;
    }

    /// <summary>Queues the deletion of the rows with these primary keys.</summary>
    public BulkWriter DeleteByKeys<TRow>(IReadOnlyCollection<object> keys)
        where TRow : class
    {
        if (keys.Count == 0)
        {
            return this;
        }

        var table = TableOf<TRow>(db);
        var key = table.Columns.Single(c => c.Property.IsPrimaryKey());
        _statements.Add(new Statement(
            $"DELETE FROM {table.Name} WHERE {key.Name} = ANY($1)",
            $"DELETE FROM {table.Name} WHERE {key.Name} = @b0",
            [key],
            [.. keys.Select(k => new[] { k })]));
        return this;
    }

    /// <summary>Sends the queued statements, in order; returns the rows each one affected.</summary>
    public async Task<IReadOnlyList<int>> ExecuteAsync(CancellationToken cancellationToken)
    {
        var statements = _statements.Select((statement, index) => (Statement: statement, Index: index)).Where(s => s.Statement.Rows.Count > 0).ToList();
        var affected = new int[_statements.Count];
        if (statements.Count == 0)
        {
            return affected;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (connection is NpgsqlConnection npgsql)
        {
            await using var batch = new NpgsqlBatch(npgsql, (NpgsqlTransaction?)transaction);
            foreach (var (statement, _) in statements)
            {
                var command = new NpgsqlBatchCommand(statement.ArraySql);
                AddArrays(command.Parameters, statement.Columns, statement.Rows);
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < statements.Count; i++)
            {
                affected[statements[i].Index] = batch.BatchCommands[i].RecordsAffected;
            }
        }
        else
        {
            foreach (var (statement, index) in statements)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = statement.RowSql;
                affected[index] = await ExecutePerRowAsync(command, statement.Rows, statement.Columns, cancellationToken);
            }
        }

        _statements.Clear();
        return affected;
    }

    private static string Positional(int count) => string.Join(", ", Enumerable.Range(1, count).Select(i => "$" + i.ToString(CultureInfo.InvariantCulture)));

    private static string Named(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "@b" + i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>One typed array per column (uuid[], text[], timestamptz[]…), element i being row i's stored value.</summary>
    private static void AddArrays(NpgsqlParameterCollection parameters, IReadOnlyList<Column> columns, IReadOnlyList<object?[]> rows)
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

            parameters.Add(new NpgsqlParameter { Value = array });
        }
    }

    /// <summary>One prepared single-row statement, its parameters rebound per row.</summary>
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

    // A table's shape and insert statements depend only on the model, which every context of a type and provider shares: built
    // once per entity type, not on every write (the order check's group commit writes hundreds of batches a second).
    private static readonly ConditionalWeakTable<IEntityType, TableShape> _shapes = [];

    private static TableShape TableOf<TRow>(DbContext db)
    {
        var entityType = db.Model.FindEntityType(typeof(TRow))
            ?? throw new InvalidOperationException($"{typeof(TRow).Name} is not an entity of {db.GetType().Name}.");
        return _shapes.GetValue(entityType, type => ShapeOf(db, type));
    }

    private static TableShape ShapeOf(DbContext db, IEntityType entityType)
    {
        var store = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entityType.GetProperties()
            .Select(p => p.IsShadowProperty()
                ? throw new InvalidOperationException($"{entityType.ClrType.Name}.{p.Name} is a shadow property: bulk writes need every column on the row.")
                : new Column(p, sql.DelimitIdentifier(p.GetColumnName(store)!), (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToList();
        var name = sql.DelimitIdentifier(store.Name, store.Schema);
        var names = string.Join(", ", columns.Select(c => c.Name));
        InsertSql Insert(string conflict) => new(
            $"INSERT INTO {name} ({names}) SELECT * FROM unnest({Positional(columns.Count)}){conflict}",
            $"INSERT INTO {name} ({names}) VALUES ({Named(columns.Count)}){conflict}");
        return new TableShape(name, columns, Insert(string.Empty), Insert(" ON CONFLICT DO NOTHING"));
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping);

    private sealed record InsertSql(string ArraySql, string RowSql);

    private sealed record TableShape(string Name, IReadOnlyList<Column> Columns, InsertSql Insert, InsertSql InsertSkippingExisting);

    /// <summary>A statement in its two forms: over arrays (PostgreSQL) and per row (the others).</summary>
    private sealed record Statement(string ArraySql, string RowSql, IReadOnlyList<Column> Columns, IReadOnlyList<object?[]> Rows);
}
