using Npgsql;

namespace Etrepaye.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test fixture, on the provider chosen by ETREPAYE_TEST_PROVIDER
/// (sqlite by default; postgres needs ETREPAYE_TEST_POSTGRES, a server where the tests may create databases).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteDirectory;
    private readonly string? _postgresAdminConnection;
    private readonly string? _postgresName;

    private TestDatabase(string provider, string connectionString, string? sqliteDirectory, string? postgresAdminConnection, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteDirectory = sqliteDirectory;
        _postgresAdminConnection = postgresAdminConnection;
        _postgresName = postgresName;
    }

    public static string ProviderUnderTest =>
        Environment.GetEnvironmentVariable("ETREPAYE_TEST_PROVIDER") is { Length: > 0 } provider ? provider.ToLowerInvariant() : "sqlite";

    public string Provider { get; }

    public string ConnectionString { get; }

    public bool IsPostgres => Provider == "postgres";

    public static async Task<TestDatabase> CreateAsync()
    {
        if (ProviderUnderTest != "postgres")
        {
            var directory = Path.Combine(Path.GetTempPath(), "etrepaye-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            return new TestDatabase("sqlite", $"Data Source={Path.Combine(directory, "etrepaye.db")}", directory, null, null);
        }

        var admin = Environment.GetEnvironmentVariable("ETREPAYE_TEST_POSTGRES")
            ?? throw new InvalidOperationException("ETREPAYE_TEST_PROVIDER=postgres needs ETREPAYE_TEST_POSTGRES (a connection string to a server where tests may create databases).");
        var name = $"etrepaye_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase("postgres", builder.ConnectionString, null, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS to clean from the temp directory.
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_postgresAdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
