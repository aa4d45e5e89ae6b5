using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Collection.Data.Migrations;

[DbContext(typeof(CollectionDbContext))]
[Migration("20261124000000_CreateCollectionSchema")]
internal sealed class CreateCollectionSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        new MigrationNames(migrationBuilder, CollectionDbContext.SchemaName).CreateInfrastructureTables();
}
