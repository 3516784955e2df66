using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareOps.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RosterEdits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PinsJson",
                table: "RosterWeeks",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BeforeJson",
                table: "RosterAudit",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "VersionAfter",
                table: "RosterAudit",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PinsJson",
                table: "RosterWeeks");

            migrationBuilder.DropColumn(
                name: "BeforeJson",
                table: "RosterAudit");

            migrationBuilder.DropColumn(
                name: "VersionAfter",
                table: "RosterAudit");
        }
    }
}
