using Etrepaye.Shared.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Etrepaye.Collection.Data.Migrations;

/// <summary>The source of a message other modules ask to send (an internal e-mail), shown in the archive.</summary>
[DbContext(typeof(CollectionDbContext))]
[Migration("20261124120000_MessageSource")]
internal sealed class MessageSource : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var n = new MigrationNames(migrationBuilder, CollectionDbContext.SchemaName);
        migrationBuilder.AddColumn<string>("source", n.Table("messages"), type: n.Text(300), maxLength: 300, nullable: true, schema: n.Schema);
    }
}
