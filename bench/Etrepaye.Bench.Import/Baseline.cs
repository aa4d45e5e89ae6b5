using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Etrepaye.Bench.Import;

/// <summary>
/// The floor the import is compared with: the same file loaded into a plain table with no parsing rules, no look-ups and no ledger
/// logic. PostgreSQL: COPY … FROM STDIN (FORMAT csv). SQLite: multi-row INSERTs of the split lines, in one transaction.
/// </summary>
internal static class Baseline
{
    private const string Table = "bench_plain_ledger";
    private const string Columns = "customer, customer_name, reference, type, currency, issue_date, due_date, amount, settled_date, settled_amount, disputed";

    public static async Task<long> LoadAsync(string provider, string connectionString, string path, CancellationToken cancellationToken) =>
        provider == "postgres"
            ? await CopyAsync(connectionString, path, cancellationToken)
            : await InsertAsync(connectionString, path, cancellationToken);

    private static async Task<long> CopyAsync(string connectionString, string path, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} (customer text, customer_name text, reference text, type text, " +
            "currency text, issue_date date, due_date date, amount numeric(19,4), settled_date date, settled_amount numeric(19,4), disputed text)", cancellationToken);
        await using (var writer = await connection.BeginTextImportAsync($"COPY {Table} ({Columns}) FROM STDIN (FORMAT csv, HEADER true)", cancellationToken))
        {
            using var reader = new StreamReader(path);
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        return await CountAsync(connection, cancellationToken);
    }

    private static async Task<long> InsertAsync(string connectionString, string path, CancellationToken cancellationToken)
    {
        const int rowsPerStatement = 50;
        const int columns = 11;
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} (customer TEXT, customer_name TEXT, reference TEXT, type TEXT, " +
            "currency TEXT, issue_date TEXT, due_date TEXT, amount TEXT, settled_date TEXT, settled_amount TEXT, disputed TEXT)", cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var batch = new List<string[]>(rowsPerStatement);
        await using var full = Statement(connection, transaction, rowsPerStatement);
        using var reader = new StreamReader(path);
        await reader.ReadLineAsync(cancellationToken);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            batch.Add(line.Split(','));
            if (batch.Count == rowsPerStatement)
            {
                await RunAsync(full, batch, cancellationToken);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await using var rest = Statement(connection, transaction, batch.Count);
            await RunAsync(rest, batch, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return await CountAsync(connection, cancellationToken);

        static SqliteCommand Statement(SqliteConnection connection, SqliteTransaction transaction, int rows)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {Table} ({Columns}) VALUES " +
                string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", Enumerable.Range(0, columns).Select(c => $"$p{r}_{c}")) + ")"));
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    command.Parameters.Add(new SqliteParameter($"$p{r}_{c}", DBNull.Value));
                }
            }

            command.Prepare();
            return command;
        }

        static async Task RunAsync(SqliteCommand command, List<string[]> rows, CancellationToken cancellationToken)
        {
            for (var r = 0; r < rows.Count; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    var value = c < rows[r].Length ? rows[r][c] : "";
                    command.Parameters[(r * columns) + c].Value = value.Length == 0 ? DBNull.Value : value;
                }
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
