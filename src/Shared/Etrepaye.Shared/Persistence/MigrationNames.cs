using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Shared.Persistence;

/// <summary>
/// Names and column types for hand-written migrations, per provider, so that one migration runs on
/// SQLite and PostgreSQL alike (a SQL Server project would add its column types here).
/// The schema tests prove these types equal what the EF model maps.
/// </summary>
public sealed class MigrationNames(MigrationBuilder migrationBuilder, string schema)
{
    private bool IsSqlite => migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>The module schema on PostgreSQL; none on SQLite (tables carry a prefix instead).</summary>
    public string? Schema => IsSqlite ? null : schema;

    public string Table(string table) => Naming.Table(IsSqlite, schema, table);

    public string PrimaryKey(string table) => $"pk_{Table(table)}";

    public string Index(string table, params string[] columns) => $"ix_{Table(table)}_{string.Join("_", columns)}";

    public string ForeignKey(string table, params string[] columns) => $"fk_{Table(table)}_{string.Join("_", columns)}";

    public string Guid => IsSqlite ? "TEXT" : "uuid";

    public string Instant => IsSqlite ? "INTEGER" : "timestamp with time zone";

    public string Date => IsSqlite ? "TEXT" : "date";

    public string Decimal => IsSqlite ? "TEXT" : "numeric(19,4)";

    public string Double => IsSqlite ? "REAL" : "double precision";

    public string Bool => IsSqlite ? "INTEGER" : "boolean";

    public string Int => IsSqlite ? "INTEGER" : "integer";

    public string Long => IsSqlite ? "INTEGER" : "bigint";

    public string Bytes => IsSqlite ? "BLOB" : "bytea";

    /// <summary>Unbounded text (JSON documents, long comments).</summary>
    public string Text() => IsSqlite ? "TEXT" : "text";

    public string Text(int maxLength) => IsSqlite ? "TEXT" : $"character varying({maxLength})";

    /// <summary>Enums are stored by name.</summary>
    public string Enum => Text(40);

    /// <summary>The outbox, inbox and audit tables every module has (see InfrastructureTables).</summary>
    public void CreateInfrastructureTables()
    {
        if (Schema is not null)
        {
            migrationBuilder.EnsureSchema(Schema);
        }

        migrationBuilder.CreateTable(
            name: Table("outbox_messages"),
            schema: Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: Guid, nullable: false),
                company_id = table.Column<Guid>(type: Guid, nullable: false),
                event_type = table.Column<string>(type: Text(300), maxLength: 300, nullable: false),
                payload = table.Column<string>(type: Text(), nullable: false),
                occurred_at = table.Column<DateTimeOffset>(type: Instant, nullable: false),
                correlation_id = table.Column<string>(type: Text(100), maxLength: 100, nullable: true),
                dispatched_at = table.Column<DateTimeOffset>(type: Instant, nullable: true),
                attempts = table.Column<int>(type: Int, nullable: false),
                last_error = table.Column<string>(type: Text(2000), maxLength: 2000, nullable: true),
                lease_until = table.Column<DateTimeOffset>(type: Instant, nullable: true),
                lease_owner = table.Column<string>(type: Text(100), maxLength: 100, nullable: true),
            },
            constraints: table => table.PrimaryKey(PrimaryKey("outbox_messages"), x => x.id));
        migrationBuilder.CreateIndex(
            name: Index("outbox_messages", "dispatched_at", "id"),
            schema: Schema,
            table: Table("outbox_messages"),
            columns: ["dispatched_at", "id"]);

        migrationBuilder.CreateTable(
            name: Table("inbox_messages"),
            schema: Schema,
            columns: table => new
            {
                message_id = table.Column<Guid>(type: Guid, nullable: false),
                handler = table.Column<string>(type: Text(300), maxLength: 300, nullable: false),
                company_id = table.Column<Guid>(type: Guid, nullable: false),
                processed_at = table.Column<DateTimeOffset>(type: Instant, nullable: false),
            },
            constraints: table => table.PrimaryKey(PrimaryKey("inbox_messages"), x => new { x.message_id, x.handler }));

        migrationBuilder.CreateTable(
            name: Table("audit_entries"),
            schema: Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: Guid, nullable: false),
                company_id = table.Column<Guid>(type: Guid, nullable: false),
                at = table.Column<DateTimeOffset>(type: Instant, nullable: false),
                actor_id = table.Column<Guid>(type: Guid, nullable: true),
                actor_name = table.Column<string>(type: Text(200), maxLength: 200, nullable: false),
                action = table.Column<string>(type: Text(200), maxLength: 200, nullable: false),
                entity_type = table.Column<string>(type: Text(200), maxLength: 200, nullable: false),
                entity_id = table.Column<string>(type: Text(200), maxLength: 200, nullable: false),
                change = table.Column<string>(type: Text(20), maxLength: 20, nullable: false),
                before = table.Column<string>(type: Text(), nullable: true),
                after = table.Column<string>(type: Text(), nullable: true),
                correlation_id = table.Column<string>(type: Text(100), maxLength: 100, nullable: true),
            },
            constraints: table => table.PrimaryKey(PrimaryKey("audit_entries"), x => x.id));
        migrationBuilder.CreateIndex(
            name: Index("audit_entries", "company_id", "at"),
            schema: Schema,
            table: Table("audit_entries"),
            columns: ["company_id", "at"]);
    }
}
