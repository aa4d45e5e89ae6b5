using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Guarantees.Data.Migrations;

[DbContext(typeof(GuaranteesDbContext))]
[Migration("20261124000000_CreateGuaranteesSchema")]
internal sealed class CreateGuaranteesSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        new MigrationNames(migrationBuilder, GuaranteesDbContext.SchemaName).CreateInfrastructureTables();
}
