using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Etrepaye.Shared.Persistence;

/// <summary>snake_case tables, columns, keys and indexes; the module schema on PostgreSQL, a prefix on SQLite.</summary>
internal static class ModelNamingConventions
{
    public static void Apply(ModelBuilder modelBuilder, string schema, bool isSqlite)
    {
        if (!isSqlite)
        {
            modelBuilder.HasDefaultSchema(schema);
        }

        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            var table = entityType.GetTableName() ?? Naming.ToSnakeCase(entityType.ClrType.Name);
            var physical = Naming.Table(isSqlite, schema, table);
            entityType.SetTableName(physical);
            if (isSqlite)
            {
                entityType.SetSchema(null);
            }

            foreach (var property in entityType.GetProperties())
            {
                property.SetColumnName(Naming.ToSnakeCase(property.Name));
            }

            foreach (var key in entityType.GetKeys())
            {
                key.SetName(key.IsPrimaryKey() ? $"pk_{physical}" : $"ak_{physical}_{Columns(key.Properties)}");
            }

            foreach (var foreignKey in entityType.GetForeignKeys())
            {
                foreignKey.SetConstraintName($"fk_{physical}_{Columns(foreignKey.Properties)}");
            }

            // A named index (HasIndex(…, "name")) is ix_<table>_<name>: a covering index's column list would pass PostgreSQL's 63 characters.
            foreach (var index in entityType.GetIndexes())
            {
                index.SetDatabaseName($"ix_{physical}_{index.Name ?? Columns(index.Properties)}");
            }
        }
    }

    private static string Columns(IEnumerable<IReadOnlyProperty> properties) =>
        string.Join("_", properties.Select(p => Naming.ToSnakeCase(p.Name)));
}
