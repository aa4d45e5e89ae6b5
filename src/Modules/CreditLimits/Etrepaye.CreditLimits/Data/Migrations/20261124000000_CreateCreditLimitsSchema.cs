using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.CreditLimits.Data.Migrations;

[DbContext(typeof(CreditLimitsDbContext))]
[Migration("20261124000000_CreateCreditLimitsSchema")]
internal sealed class CreateCreditLimitsSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        new MigrationNames(migrationBuilder, CreditLimitsDbContext.SchemaName).CreateInfrastructureTables();
}
