using System.Data.Common;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Platform;

/// <summary>
/// Migrations are written by hand (no EF design-time package here), so this test is what proves them:
/// after every migration has run on an empty database, each module's tables, columns (type, nullability),
/// primary keys, indexes and foreign keys in the database equal what its EF model maps, on the provider under test.
/// </summary>
public sealed class SchemaTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task MigratedSchema_WhenComparedWithTheModel_IsEqualForEveryModule()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModuleDbContextRegistry>();
        registry.All.Count.ShouldBe(8);
        var differences = new List<string>();

        foreach (var registration in registry.All)
        {
            var db = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
            (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
            var expected = ModelSchema(db);
            var actual = await DatabaseSchema(db, registration.Schema);
            differences.AddRange(Compare(registration.Schema, expected, actual));
        }

        differences.ShouldBeEmpty();
    }

    [Fact]
    public async Task MigratedSchema_WhenReadBack_HasEveryModuleSchemaSeparated()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModuleDbContextRegistry>();
        foreach (var registration in registry.All)
        {
            var db = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
            var tables = (await DatabaseSchema(db, registration.Schema)).Keys;
            tables.ShouldContain(_factory.Database.IsPostgres ? "outbox_messages" : $"{registration.Schema}_outbox_messages");
            tables.ShouldContain(_factory.Database.IsPostgres ? "audit_entries" : $"{registration.Schema}_audit_entries");
        }
    }

    private sealed record Column(string Type, bool Nullable);

    private sealed record Table(
        Dictionary<string, Column> Columns, string PrimaryKey, SortedSet<string> Indexes, SortedSet<string> ForeignKeys);

    private static Dictionary<string, Table> ModelSchema(DbContext db)
    {
        var tables = new Dictionary<string, Table>();
        foreach (var table in db.Model.GetRelationalModel().Tables)
        {
            tables[table.Name] = new Table(
                table.Columns.ToDictionary(c => c.Name, c => new Column(Normalize(c.StoreType), c.IsNullable)),
                string.Join(",", table.PrimaryKey!.Columns.Select(c => c.Name)),
                new SortedSet<string>(table.Indexes.Select(i => $"{i.Name}({string.Join(",", i.Columns.Select(c => c.Name))}){(i.IsUnique ? " unique" : "")}")),
                new SortedSet<string>(table.ForeignKeyConstraints.Select(f =>
                    $"({string.Join(",", f.Columns.Select(c => c.Name))})->{f.PrincipalTable.Name}({string.Join(",", f.PrincipalColumns.Select(c => c.Name))}) {DeleteRule(f.OnDeleteAction)}")));
        }

        return tables;
    }

    private static string DeleteRule(ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => "cascade",
        ReferentialAction.SetNull => "set null",
        ReferentialAction.Restrict => "restrict",
        ReferentialAction.SetDefault => "set default",
        _ => "no action",
    };

    private static string Normalize(string type) => type.Trim().ToLowerInvariant();

    private async Task<Dictionary<string, Table>> DatabaseSchema(DbContext db, string schema)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        return _factory.Database.IsPostgres ? await PostgresSchema(connection, schema) : await SqliteSchema(connection, schema);
    }

    private static async Task<Dictionary<string, Table>> SqliteSchema(DbConnection connection, string schema)
    {
        var tables = new Dictionary<string, Table>();
        var names = await Query(connection, $"SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '{schema}\\_%' ESCAPE '\\' AND name NOT LIKE '%ef_migrations_history'", r => r.GetString(0));
        foreach (var name in names)
        {
            var columns = await Query(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{name}')",
                r => (Name: r.GetString(0), Type: r.GetString(1), NotNull: r.GetInt64(2) == 1, Pk: r.GetInt64(3)));
            var indexes = new SortedSet<string>();
            foreach (var (indexName, unique) in await Query(connection, $"SELECT name, \"unique\" FROM pragma_index_list('{name}') WHERE origin = 'c'", r => (r.GetString(0), r.GetInt64(1) == 1)))
            {
                var indexColumns = await Query(connection, $"SELECT name FROM pragma_index_info('{indexName}') ORDER BY seqno", r => r.GetString(0));
                indexes.Add($"{indexName}({string.Join(",", indexColumns)}){(unique ? " unique" : "")}");
            }

            var foreignKeys = (await Query(connection, $"SELECT id, \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list('{name}') ORDER BY id, seq",
                    r => (Id: r.GetInt64(0), From: r.GetString(1), Table: r.GetString(2), To: r.GetString(3), OnDelete: r.GetString(4))))
                .GroupBy(f => f.Id)
                .Select(g => $"({string.Join(",", g.Select(f => f.From))})->{g.First().Table}({string.Join(",", g.Select(f => f.To))}) {g.First().OnDelete.ToLowerInvariant()}");
            tables[name] = new Table(
                columns.ToDictionary(c => c.Name, c => new Column(Normalize(c.Type), !c.NotNull && c.Pk == 0)),
                string.Join(",", columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name)),
                indexes,
                new SortedSet<string>(foreignKeys));
        }

        return tables;
    }

    private static async Task<Dictionary<string, Table>> PostgresSchema(DbConnection connection, string schema)
    {
        var tables = new Dictionary<string, Table>();
        var names = await Query(connection,
            $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{schema}' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '%ef_migrations_history'",
            r => r.GetString(0));
        foreach (var name in names)
        {
            var columns = await Query(connection,
                $"""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = '{schema}' AND c.relname = '{name}' AND a.attnum > 0 AND NOT a.attisdropped
                """,
                r => (Name: r.GetString(0), Type: r.GetString(1), Nullable: r.GetBoolean(2)));
            var primaryKey = await Query(connection,
                $"""
                SELECT a.attname FROM pg_index i
                JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                WHERE n.nspname = '{schema}' AND c.relname = '{name}' AND i.indisprimary ORDER BY k.ord
                """,
                r => r.GetString(0));
            var indexes = await Query(connection,
                $"""
                SELECT ic.relname, string_agg(a.attname, ',' ORDER BY k.ord), i.indisunique FROM pg_index i
                JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_class ic ON ic.oid = i.indexrelid
                JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                WHERE n.nspname = '{schema}' AND c.relname = '{name}' AND NOT i.indisprimary
                GROUP BY ic.relname, i.indisunique
                """,
                r => $"{r.GetString(0)}({r.GetString(1)}){(r.GetBoolean(2) ? " unique" : "")}");
            var foreignKeys = await Query(connection,
                $"""
                SELECT (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
                       pc.relname,
                       (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
                       con.confdeltype
                FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_class pc ON pc.oid = con.confrelid
                WHERE con.contype = 'f' AND n.nspname = '{schema}' AND c.relname = '{name}'
                """,
                r => $"({r.GetString(0)})->{r.GetString(1)}({r.GetString(2)}) {PostgresDeleteRule(r.GetChar(3))}");
            tables[name] = new Table(
                columns.ToDictionary(c => c.Name, c => new Column(Normalize(c.Type), c.Nullable)),
                string.Join(",", primaryKey),
                new SortedSet<string>(indexes),
                new SortedSet<string>(foreignKeys));
        }

        return tables;
    }

    private static string PostgresDeleteRule(char code) => code switch
    {
        'c' => "cascade",
        'n' => "set null",
        'r' => "restrict",
        'd' => "set default",
        _ => "no action",
    };

    private static IEnumerable<string> Compare(string module, Dictionary<string, Table> model, Dictionary<string, Table> database)
    {
        foreach (var missing in model.Keys.Except(database.Keys))
        {
            yield return $"{module}: table {missing} is in the model but not in the database";
        }

        foreach (var extra in database.Keys.Except(model.Keys))
        {
            yield return $"{module}: table {extra} is in the database but not in the model";
        }

        foreach (var name in model.Keys.Intersect(database.Keys))
        {
            var (expected, actual) = (model[name], database[name]);
            foreach (var column in expected.Columns.Keys.Union(actual.Columns.Keys))
            {
                var want = expected.Columns.GetValueOrDefault(column);
                var have = actual.Columns.GetValueOrDefault(column);
                if (want != have)
                {
                    yield return $"{module}: {name}.{column}: model {want?.ToString() ?? "(none)"}, database {have?.ToString() ?? "(none)"}";
                }
            }

            if (expected.PrimaryKey != actual.PrimaryKey)
            {
                yield return $"{module}: {name} primary key: model ({expected.PrimaryKey}), database ({actual.PrimaryKey})";
            }

            if (!expected.Indexes.SetEquals(actual.Indexes))
            {
                yield return $"{module}: {name} indexes: model [{string.Join("; ", expected.Indexes)}], database [{string.Join("; ", actual.Indexes)}]";
            }

            if (!expected.ForeignKeys.SetEquals(actual.ForeignKeys))
            {
                yield return $"{module}: {name} foreign keys: model [{string.Join("; ", expected.ForeignKeys)}], database [{string.Join("; ", actual.ForeignKeys)}]";
            }
        }
    }

    private static async Task<List<T>> Query<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
