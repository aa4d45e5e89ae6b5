using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Procedures.Data.Migrations;

[DbContext(typeof(ProceduresDbContext))]
[Migration("20261124000000_CreateProceduresSchema")]
internal sealed class CreateProceduresSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        new MigrationNames(migrationBuilder, ProceduresDbContext.SchemaName).CreateInfrastructureTables();
}
