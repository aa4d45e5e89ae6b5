using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Access.Data.Migrations;

/// <summary>A company's own business calendar: its base calendar and its closed days.</summary>
[DbContext(typeof(AccessDbContext))]
[Migration("20261124020000_AddCompanyCalendars")]
internal sealed class AddCompanyCalendars : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, AccessDbContext.SchemaName);
        migrationBuilder.AddColumn<string>("base_calendar", n.Table("companies"), type: n.Enum, maxLength: 40, nullable: false, defaultValue: "PublicHolidays", schema: n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("closed_days"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                label = table.Column<string>(type: n.Text(100), maxLength: 100, nullable: false),
                from_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                to_date = table.Column<DateOnly>(type: n.Date, nullable: true),
                month = table.Column<int>(type: n.Int, nullable: true),
                day = table.Column<int>(type: n.Int, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey(n.PrimaryKey("closed_days"), x => x.id);
                table.ForeignKey(n.ForeignKey("closed_days", "company_id"), x => x.company_id, principalTable: n.Table("companies"),
                    principalSchema: n.Schema, principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(n.Index("closed_days", "company_id"), n.Table("closed_days"), "company_id", n.Schema);
    }
}
