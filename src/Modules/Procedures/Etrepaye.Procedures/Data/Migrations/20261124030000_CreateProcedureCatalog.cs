using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Procedures.Data.Migrations;

/// <summary>Procedures and their versions, personal templates, assignment rules and default procedures.</summary>
[DbContext(typeof(ProceduresDbContext))]
[Migration("20261124030000_CreateProcedureCatalog")]
internal sealed class CreateProcedureCatalog : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, ProceduresDbContext.SchemaName);

        migrationBuilder.CreateTable(
            name: n.Table("procedures"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                description = table.Column<string>(type: n.Text(2000), maxLength: 2000, nullable: true),
                origin = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                draft = table.Column<string>(type: n.Text(), nullable: true),
                draft_problem_count = table.Column<int>(type: n.Int, nullable: false),
                draft_comment = table.Column<string>(type: n.Text(1000), maxLength: 1000, nullable: true),
                draft_saved_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                draft_saved_by = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
                latest_version = table.Column<int>(type: n.Int, nullable: false),
                published_version = table.Column<int>(type: n.Int, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                created_by = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("procedures"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("procedures", "company_id", "name"), n.Table("procedures"), ["company_id", "name"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("procedure_versions"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                procedure_id = table.Column<Guid>(type: n.Guid, nullable: false),
                number = table.Column<int>(type: n.Int, nullable: false),
                definition = table.Column<string>(type: n.Text(), nullable: false),
                published_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
                published_by = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                comment = table.Column<string>(type: n.Text(1000), maxLength: 1000, nullable: true),
                retracted_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: true),
                retracted_by = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: true),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("procedure_versions"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("procedure_versions", "procedure_id", "number"), n.Table("procedure_versions"), ["procedure_id", "number"], n.Schema, unique: true);
        migrationBuilder.CreateIndex(n.Index("procedure_versions", "company_id", "procedure_id"), n.Table("procedure_versions"), ["company_id", "procedure_id"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("personal_templates"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                owner_id = table.Column<Guid>(type: n.Guid, nullable: false),
                name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                description = table.Column<string>(type: n.Text(2000), maxLength: 2000, nullable: true),
                definition = table.Column<string>(type: n.Text(), nullable: false),
                saved_at = table.Column<DateTimeOffset>(type: n.Instant, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("personal_templates"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("personal_templates", "owner_id", "name"), n.Table("personal_templates"), ["owner_id", "name"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("assignment_rules"),
            schema: n.Schema,
            columns: table => new
            {
                id = table.Column<Guid>(type: n.Guid, nullable: false),
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                position = table.Column<int>(type: n.Int, nullable: false),
                name = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                procedure_id = table.Column<Guid>(type: n.Guid, nullable: false),
                purposes = table.Column<string>(type: n.Text(200), maxLength: 200, nullable: false),
                criteria = table.Column<string>(type: n.Text(), nullable: false),
                version = table.Column<long>(type: n.Long, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("assignment_rules"), x => x.id));
        migrationBuilder.CreateIndex(n.Index("assignment_rules", "company_id", "position"), n.Table("assignment_rules"), ["company_id", "position"], n.Schema);

        migrationBuilder.CreateTable(
            name: n.Table("default_procedures"),
            schema: n.Schema,
            columns: table => new
            {
                company_id = table.Column<Guid>(type: n.Guid, nullable: false),
                purpose = table.Column<string>(type: n.Enum, maxLength: 40, nullable: false),
                procedure_id = table.Column<Guid>(type: n.Guid, nullable: false),
            },
            constraints: table => table.PrimaryKey(n.PrimaryKey("default_procedures"), x => new { x.company_id, x.purpose }));
    }
}
