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
                var issue = today.AddDays(-random.Next(1, 120));
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
