using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Disputes.Data.Migrations;

[DbContext(typeof(DisputesDbContext))]
[Migration("20261124000000_CreateDisputesSchema")]
internal sealed class CreateDisputesSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        new MigrationNames(migrationBuilder, DisputesDbContext.SchemaName).CreateInfrastructureTables();
}
