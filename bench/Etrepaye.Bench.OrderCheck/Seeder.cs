using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Etrepaye.Bench.OrderCheck;

/// <summary>
/// Bulk-inserts the benchmark's ledger straight into the host's tables with binary COPY (for setup speed; the API would take
/// hours for a million items): customers (one in ten a subsidiary of one of the first thousand), open invoices spread over
/// them, and one credit limit per group head or stand-alone customer. Seeded, so every run has the same data.
/// </summary>
internal static class Seeder
{
    /// <summary>The customers of a database seeded by an earlier run kept with <c>--keep-database</c>.</summary>
    public static async Task<Guid[]> CustomersAsync(string connectionString, Guid companyId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id FROM receivables.customers WHERE company_id = @company AND reference LIKE 'BENCH-%' ORDER BY reference", connection);
        command.Parameters.AddWithValue("company", companyId);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids.Count > 0 ? [.. ids] : throw new InvalidOperationException("The database holds no benchmark customers: run once without --database, with --keep-database.");
    }

    public static async Task<Guid[]> SeedAsync(string connectionString, Guid companyId, int customers, int items, int seed, DateOnly today, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, customers).Select(i => DeterministicGuid(seed, 1, i)).ToArray();
        var parents = new Guid?[customers];
        for (var i = 1000; i < customers; i++)
        {
            parents[i] = random.Next(10) == 0 ? ids[random.Next(1000)] : null;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY receivables.customers (id, company_id, reference, name, currency, payment_terms_days, parent_customer_id, version) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < customers; i++)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(ids[i], NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(companyId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync($"BENCH-{i:D7}", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync($"Bench customer {i}", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync("EUR", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(30, NpgsqlDbType.Integer, cancellationToken);
                if (parents[i] is { } parent)
                {
                    await writer.WriteAsync(parent, NpgsqlDbType.Uuid, cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }

                await writer.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY receivables.items (id, company_id, customer_id, type, reference, currency, issue_date, due_date, amount, open_amount, status, disputed, version) " +
            "FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < items; i++)
            {
                // Nothing falls due yesterday or today: the host's overdue check would open cases all through the measurement.
                var daysAgo = random.Next(1, 120);
                var issue = today.AddDays(-(daysAgo is 30 or 31 ? daysAgo + 2 : daysAgo));
                var amount = Math.Round((decimal)(100 + random.NextDouble() * 4_900), 2);
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(DeterministicGuid(seed, 2, i), NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(companyId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(ids[random.Next(customers)], NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync("Invoice", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync($"INV-{i:D8}", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync("EUR", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(issue, NpgsqlDbType.Date, cancellationToken);
                await writer.WriteAsync(issue.AddDays(30), NpgsqlDbType.Date, cancellationToken);
                await writer.WriteAsync(amount, NpgsqlDbType.Numeric, cancellationToken);
                await writer.WriteAsync(amount, NpgsqlDbType.Numeric, cancellationToken);
                await writer.WriteAsync("Open", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                await writer.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY credit_limits.limits (id, company_id, customer_id, amount, currency, valid_until, review_date, updated_at, version) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            for (var i = 0; i < customers; i++)
            {
                if (parents[i] is not null)
                {
                    continue;
                }

                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(DeterministicGuid(seed, 3, i), NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(companyId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(ids[i], NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync((decimal)(random.Next(20, 200) * 1_000), NpgsqlDbType.Numeric, cancellationToken);
                await writer.WriteAsync("EUR", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(today.AddYears(1), NpgsqlDbType.Date, cancellationToken);
                await writer.WriteAsync(today.AddMonths(6), NpgsqlDbType.Date, cancellationToken);
                await writer.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE receivables.customers; ANALYZE receivables.items; ANALYZE credit_limits.limits;", connection))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        return ids;
    }

    private static Guid DeterministicGuid(int seed, int kind, int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, (long)index);
        BitConverter.TryWriteBytes(bytes[8..], seed);
        BitConverter.TryWriteBytes(bytes[12..], kind);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public static string Describe(int count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
